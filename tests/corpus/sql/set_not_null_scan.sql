SET lock_timeout = '2s';
-- expect: set-not-null-scan
ALTER TABLE orders ALTER COLUMN placed_at SET NOT NULL;

-- The safe way (PostgreSQL 12+): a validated CHECK proves there are no NULLs, so SET NOT NULL
-- skips the scan. Each statement commits on its own.
ALTER TABLE orders ADD CONSTRAINT ck_orders_user_id_not_null CHECK (user_id IS NOT NULL) NOT VALID;
ALTER TABLE orders VALIDATE CONSTRAINT ck_orders_user_id_not_null;
ALTER TABLE orders ALTER COLUMN user_id SET NOT NULL;
ALTER TABLE orders DROP CONSTRAINT ck_orders_user_id_not_null;

-- A NOT VALID check that was never validated proves nothing.
ALTER TABLE orders ADD CONSTRAINT ck_orders_currency_not_null CHECK (currency IS NOT NULL) NOT VALID;
-- expect: set-not-null-scan
ALTER TABLE orders ALTER COLUMN currency SET NOT NULL;

CREATE TABLE gift_cards (id bigserial PRIMARY KEY, code text);
ALTER TABLE gift_cards ALTER COLUMN code SET NOT NULL;
