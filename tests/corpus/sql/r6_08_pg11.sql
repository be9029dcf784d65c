-- migcheck-test: pg-version=11
-- PostgreSQL 11: constant defaults are instant; the CHECK shortcut for SET NOT NULL
-- does not exist yet (12); ALTER TYPE ... ADD VALUE cannot run in a transaction block (< 12);
-- DETACH PARTITION ... CONCURRENTLY does not exist yet (14).
SET lock_timeout = '5s';

-- constant and stable defaults: no rewrite since 11
ALTER TABLE orders ADD COLUMN currency varchar(3) NOT NULL DEFAULT 'EUR';

ALTER TABLE orders ADD COLUMN imported_at timestamptz NOT NULL DEFAULT now();

ALTER TABLE orders ADD COLUMN is_gift boolean DEFAULT false;

-- volatile default: rewrite
-- expect: add-column-rewrite
ALTER TABLE orders ADD COLUMN sample_key double precision DEFAULT random();

-- the NOT VALID check + VALIDATE pattern does not help SET NOT NULL before 12
ALTER TABLE orders ADD CONSTRAINT ck_orders_user_id_nn CHECK (user_id IS NOT NULL) NOT VALID;

ALTER TABLE orders VALIDATE CONSTRAINT ck_orders_user_id_nn;

-- expect: set-not-null-scan
ALTER TABLE orders ALTER COLUMN user_id SET NOT NULL;

-- outside a transaction block: fine
ALTER TYPE order_status ADD VALUE 'cancelled';

BEGIN;
-- expect: non-transactional-statement
ALTER TYPE order_status ADD VALUE 'refunded';
COMMIT;

-- DETACH PARTITION without CONCURRENTLY is the only way before 14: no finding
ALTER TABLE events DETACH PARTITION events_2019;

-- expect: table-rewrite
REINDEX TABLE orders;

-- migcheck: ignore[add-column-rewrite] orders_archive is rebuilt nightly anyway
ALTER TABLE orders_archive ADD COLUMN sample_key double precision DEFAULT random();
