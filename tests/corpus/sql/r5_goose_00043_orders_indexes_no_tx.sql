-- +goose NO TRANSACTION
-- +goose Up
SET lock_timeout = '3s';

CREATE INDEX CONCURRENTLY IF NOT EXISTS orders_customer_id_created_at_idx ON orders (customer_id, created_at DESC);
DROP INDEX CONCURRENTLY IF EXISTS orders_customer_id_idx;

CREATE INDEX CONCURRENTLY IF NOT EXISTS orders_shipping_address_id_idx ON orders (shipping_address_id);
ALTER TABLE orders ADD CONSTRAINT orders_shipping_address_id_fkey
    FOREIGN KEY (shipping_address_id) REFERENCES addresses (id) NOT VALID;
ALTER TABLE orders VALIDATE CONSTRAINT orders_shipping_address_id_fkey;

REINDEX INDEX CONCURRENTLY orders_status_idx;
VACUUM (ANALYZE) orders;

-- +goose Down
ALTER TABLE orders DROP CONSTRAINT IF EXISTS orders_shipping_address_id_fkey;
DROP INDEX CONCURRENTLY IF EXISTS orders_shipping_address_id_idx;
CREATE INDEX CONCURRENTLY IF NOT EXISTS orders_customer_id_idx ON orders (customer_id);
DROP INDEX CONCURRENTLY IF EXISTS orders_customer_id_created_at_idx;
