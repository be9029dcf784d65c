-- migcheck-test: pg-version=11
BEGIN;
SET LOCAL lock_timeout = '2s';
-- expect: non-transactional-statement
ALTER TYPE order_status ADD VALUE 'partially_refunded' AFTER 'paid';
COMMIT;

-- On its own (psql autocommit) it works on every version.
ALTER TYPE payment_method ADD VALUE 'sepa_debit';
