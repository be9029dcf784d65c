-- Flyway runs each versioned file in one transaction.
-- migcheck-test: assume-in-transaction
SET LOCAL lock_timeout = '3s';

CREATE TABLE refunds (
    id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    payment_id   bigint NOT NULL REFERENCES payments (id),
    amount_cents integer NOT NULL CHECK (amount_cents > 0),
    reason       text,
    created_at   timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX ix_refunds_payment_id ON refunds (payment_id);

ALTER TABLE payments ADD COLUMN refunded_cents integer NOT NULL DEFAULT 0;
-- The ADD COLUMN's ACCESS EXCLUSIVE is still held while this scans, and while the UPDATE runs.
-- expect: validating-constraint, statements-after-access-exclusive
ALTER TABLE payments ADD CONSTRAINT ck_payments_refunded CHECK (refunded_cents <= amount_cents);
-- expect: mixed-schema-and-data, statements-after-access-exclusive
UPDATE payments SET refunded_cents = 0 WHERE refunded_cents IS NULL AND id < 1000;
