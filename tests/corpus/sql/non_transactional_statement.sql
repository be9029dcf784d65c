-- The search indexes, wrapped in one transaction "to be safe".
BEGIN;
SET LOCAL lock_timeout = '2s';
-- expect: non-transactional-statement
CREATE INDEX CONCURRENTLY ix_orders_status ON orders (status);
-- expect: non-transactional-statement
DROP INDEX CONCURRENTLY ix_orders_legacy_status;
-- expect: non-transactional-statement
REINDEX INDEX CONCURRENTLY ix_orders_user_id;
-- expect: non-transactional-statement
VACUUM ANALYZE orders;
-- Since PostgreSQL 12 a new enum value may be added inside a transaction block.
ALTER TYPE order_status ADD VALUE IF NOT EXISTS 'refunded';
ANALYZE orders;
COMMIT;

-- Outside a transaction block psql runs each of these on its own: fine.
CREATE INDEX CONCURRENTLY ix_orders_status ON orders (status);
DROP INDEX CONCURRENTLY ix_orders_legacy_status;
VACUUM (ANALYZE) orders;
REINDEX INDEX CONCURRENTLY ix_orders_user_id;
