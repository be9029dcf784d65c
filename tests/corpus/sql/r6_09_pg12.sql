-- migcheck-test: pg-version=12
-- PostgreSQL 12: a validated CHECK (col IS NOT NULL) lets SET NOT NULL skip the scan;
-- ALTER TYPE ... ADD VALUE may run in a transaction block; REINDEX CONCURRENTLY exists;
-- DETACH PARTITION ... CONCURRENTLY does not exist yet (14).
SET lock_timeout = '5s';

ALTER TABLE orders ADD CONSTRAINT ck_orders_user_id_nn CHECK (user_id IS NOT NULL) NOT VALID;

ALTER TABLE orders VALIDATE CONSTRAINT ck_orders_user_id_nn;

-- proven by the validated check: no scan
ALTER TABLE orders ALTER COLUMN user_id SET NOT NULL;

ALTER TABLE orders DROP CONSTRAINT ck_orders_user_id_nn;

-- no such check on this column
-- expect: set-not-null-scan
ALTER TABLE orders ALTER COLUMN coupon_code SET NOT NULL;

BEGIN;
ALTER TYPE order_status ADD VALUE 'refunded';
COMMIT;

ALTER TABLE events DETACH PARTITION events_2019;

REINDEX INDEX CONCURRENTLY ix_orders_user_id;

BEGIN;
-- expect: non-transactional-statement
REINDEX INDEX CONCURRENTLY ix_orders_status;
COMMIT;

-- expect: table-rewrite
REINDEX TABLE payments;

ALTER TABLE orders ADD COLUMN priority integer NOT NULL DEFAULT 0;

-- expect: add-column-rewrite
ALTER TABLE orders ADD COLUMN created_ts timestamptz DEFAULT clock_timestamp();
