-- migcheck-test: assume-in-transaction
-- The deploy tool already wraps the file in a transaction.
SET LOCAL lock_timeout = '2s';
-- expect: nested-transaction
BEGIN;
ALTER TABLE orders ADD COLUMN gift_wrap boolean;
-- expect: nested-transaction
COMMIT;
