-- V46: order numbers and return tracking (psql, autocommit, PG 15).
SET lock_timeout = '4s';

-- bigserial is bigint DEFAULT nextval(...); nextval is volatile, so every
-- existing row gets its own value: table rewrite (ALTER TABLE notes).
-- expect: add-column-rewrite
ALTER TABLE orders ADD COLUMN order_number bigserial;

-- A stored generated column is computed for every existing row: rewrite.
-- expect: add-column-rewrite
ALTER TABLE order_items
    ADD COLUMN line_total_cents bigint GENERATED ALWAYS AS (qty * unit_cents) STORED;

-- An identity column also fills every existing row from its sequence.
-- expect: add-column-rewrite
ALTER TABLE refunds ADD COLUMN refund_seq bigint GENERATED ALWAYS AS IDENTITY;

-- clock_timestamp() is volatile (unlike now()).
-- expect: add-column-rewrite
ALTER TABLE returns ADD COLUMN received_at timestamptz DEFAULT clock_timestamp();

-- The safe split: add the column without a default, then set the volatile
-- default for new rows only (a catalog change, no rewrite).
ALTER TABLE returns ADD COLUMN tracking_token uuid;
ALTER TABLE returns ALTER COLUMN tracking_token SET DEFAULT gen_random_uuid();

-- NOT NULL with no default fails with "contains null values" on any
-- non-empty table.
-- expect: required-column-no-default
ALTER TABLE returns ADD COLUMN reason_code text NOT NULL;

-- CURRENT_TIMESTAMP is stable like now(): evaluated once, no rewrite.
ALTER TABLE returns
    ADD COLUMN created_at timestamptz NOT NULL DEFAULT CURRENT_TIMESTAMP;
