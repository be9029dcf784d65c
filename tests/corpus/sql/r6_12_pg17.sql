-- migcheck-test: pg-version=17
-- PostgreSQL 17: version-independent rewrite rules, DETACH PARTITION, and suppressions
-- inside an explicit transaction block.
SET lock_timeout = '5s';

-- expect: detach-partition-not-concurrent
ALTER TABLE events DETACH PARTITION events_2020;

ALTER TABLE events DETACH PARTITION events_2021 CONCURRENTLY;

BEGIN;
ALTER TYPE order_status ADD VALUE 'on_hold';
COMMIT;

ALTER TABLE orders ADD COLUMN region text NOT NULL DEFAULT 'eu';

ALTER TABLE orders ADD COLUMN placed_at timestamptz DEFAULT CURRENT_TIMESTAMP;

-- expect: add-column-rewrite
ALTER TABLE orders ADD COLUMN public_id uuid DEFAULT gen_random_uuid();

-- expect: add-column-rewrite
ALTER TABLE orders ADD COLUMN total_cents bigint GENERATED ALWAYS AS (total * 100) STORED;

-- expect: add-column-rewrite
ALTER TABLE orders ADD COLUMN row_no bigint GENERATED ALWAYS AS IDENTITY;

-- expect: required-column-no-default
ALTER TABLE orders ADD COLUMN channel text NOT NULL;

ALTER TABLE orders ADD COLUMN legacy_id integer NOT NULL; -- migcheck: ignore[required-column-no-default] orders is empty until launch

-- expect: column-type-rewrite
ALTER TABLE orders ALTER COLUMN quantity TYPE bigint;

BEGIN;
ALTER TABLE payments ADD COLUMN note text;
-- expect: index-not-concurrent, statements-after-access-exclusive
CREATE INDEX ix_payments_created_at ON payments (created_at);
COMMIT;

BEGIN;
ALTER TABLE refunds ADD COLUMN note text;
CREATE INDEX ix_refunds_created_at ON refunds (created_at); -- migcheck: ignore[index-not-concurrent, statements-after-access-exclusive] refunds is tiny
COMMIT;

BEGIN;
ALTER TABLE invoices ADD COLUMN channel text;
-- expect: mixed-schema-and-data, statements-after-access-exclusive
UPDATE invoices SET channel = 'web' WHERE id < 1000;
COMMIT;

BEGIN;
ALTER TABLE credit_notes ADD COLUMN channel text;
-- migcheck: ignore[mixed-schema-and-data, statements-after-access-exclusive] credit_notes has 3 rows
UPDATE credit_notes SET channel = 'web' WHERE id < 1000;
COMMIT;
