-- migcheck-test: pg-version=11
-- PostgreSQL 11 does not use CHECK constraints to skip the SET NOT NULL scan.
SET lock_timeout = '2s';
ALTER TABLE orders ADD CONSTRAINT ck_orders_user_id_not_null CHECK (user_id IS NOT NULL) NOT VALID;
ALTER TABLE orders VALIDATE CONSTRAINT ck_orders_user_id_not_null;
-- expect: set-not-null-scan
ALTER TABLE orders ALTER COLUMN user_id SET NOT NULL;
