BEGIN;
SET LOCAL lock_timeout = '2s';
ALTER TABLE orders ADD COLUMN refunded_at timestamptz;
-- expect: statements-after-access-exclusive
ALTER TABLE payments VALIDATE CONSTRAINT fk_payments_order;
COMMIT;

-- Without lock_timeout, waiting for a second table's lock keeps the first one blocked.
BEGIN;
-- expect: missing-lock-timeout
ALTER TABLE users ADD COLUMN deleted_at timestamptz;
-- expect: statements-after-access-exclusive
ALTER TABLE sessions ADD COLUMN revoked_at timestamptz;
COMMIT;

-- Quick changes, with a lock timeout: nothing slow while the lock is held.
BEGIN;
SET LOCAL lock_timeout = '2s';
ALTER TABLE invoices ADD COLUMN voided_at timestamptz;
ALTER TABLE invoices ADD COLUMN voided_by bigint;
COMMENT ON COLUMN invoices.voided_at IS 'set when the invoice is voided';
ALTER TABLE credit_notes ADD COLUMN voided_at timestamptz;
COMMIT;

-- Each in its own transaction.
SET lock_timeout = '2s';
ALTER TABLE orders ADD COLUMN archived_at timestamptz;
ALTER TABLE orders VALIDATE CONSTRAINT ck_orders_total;
