-- Deploy billing:invoice_numbers to pg
-- requires: invoices
SET lock_timeout = '2s';

BEGIN;

CREATE SEQUENCE invoice_number_seq START 100000;

SAVEPOINT grants;
GRANT USAGE, SELECT ON SEQUENCE invoice_number_seq TO billing_app;
RELEASE SAVEPOINT grants;

SAVEPOINT docs;
COMMENT ON SEQUENCE invoice_number_seq IS 'human-facing invoice numbers';
ROLLBACK TO SAVEPOINT docs;

-- RELEASE / ROLLBACK TO SAVEPOINT do not end the transaction block: CONCURRENTLY still fails here
-- expect: non-transactional-statement
CREATE UNIQUE INDEX CONCURRENTLY invoices_number_key ON invoices (number);

COMMIT;

-- the fixed version, outside the transaction block
CREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS invoices_number_key ON invoices (number);

-- attaching an index built CONCURRENTLY: no index build under the lock
ALTER TABLE invoices ADD CONSTRAINT invoices_number_key UNIQUE USING INDEX invoices_number_key;
