-- migcheck-test: pg-version=11
-- migcheck-test: assume-in-transaction
-- Flyway V118__order_refunds.sql (Flyway wraps the whole script in one transaction)
SET lock_timeout = '2s';

-- PG 11 ALTER TYPE notes: "ALTER TYPE ... ADD VALUE (the form that adds a new value to an enum type) cannot be executed inside a transaction block" (relaxed in 12)
-- expect: non-transactional-statement
ALTER TYPE order_status ADD VALUE IF NOT EXISTS 'refunded' AFTER 'paid';

CREATE TABLE order_refunds (
    id          bigserial PRIMARY KEY,
    order_id    bigint NOT NULL REFERENCES orders (id),
    amount      numeric(12,2) NOT NULL CHECK (amount > 0),
    reason      text,
    created_at  timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX order_refunds_order_id_idx ON order_refunds (order_id);

-- PG 11 ALTER TABLE notes: a non-volatile DEFAULT is stored in the catalog, no rewrite; now() is stable
ALTER TABLE orders ADD COLUMN status_changed_at timestamptz NOT NULL DEFAULT now();

-- constant default with NOT NULL: instant since 11, nothing to backfill
ALTER TABLE orders ADD COLUMN refunded_total numeric(12,2) NOT NULL DEFAULT 0;
