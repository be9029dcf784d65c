-- Reported once per transaction, at the first statement that needs the timeout.
BEGIN;
-- expect: missing-lock-timeout
ALTER TABLE orders ADD COLUMN note text;
ALTER TABLE orders ADD COLUMN note_author text;
COMMIT;

BEGIN;
SET LOCAL lock_timeout = '2s';
ALTER TABLE payments ADD COLUMN note text;
COMMIT;

-- SET LOCAL ended with its transaction.
BEGIN;
-- expect: missing-lock-timeout
ALTER TABLE invoices ADD COLUMN note text;
COMMIT;

-- SET LOCAL outside a transaction block has no effect (PostgreSQL only warns).
SET LOCAL lock_timeout = '2s';
-- expect: missing-lock-timeout, drop-index-not-concurrent
DROP INDEX ix_invoices_legacy_number;
