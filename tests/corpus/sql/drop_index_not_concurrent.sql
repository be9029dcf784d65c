SET lock_timeout = '2s';

-- The revenue report moved to the warehouse; nothing filters on created_at alone any more.
-- expect: drop-index-not-concurrent
DROP INDEX ix_orders_created_at;

-- expect: drop-index-not-concurrent
DROP INDEX IF EXISTS public.ix_payments_provider;

DROP INDEX CONCURRENTLY IF EXISTS ix_users_last_login;

CREATE TABLE export_jobs (id bigserial PRIMARY KEY, status text NOT NULL);
CREATE INDEX ix_export_jobs_status ON export_jobs (status);
-- An index on a table created in this file: nothing to block.
DROP INDEX ix_export_jobs_status;
