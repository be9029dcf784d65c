-- Index names are unique per schema: both exist, each on its own table.
SET lock_timeout = '2s';
CREATE INDEX CONCURRENTLY ix_orders_customer ON orders (customer_id);
CREATE INDEX CONCURRENTLY ix_orders_customer ON billing.orders (id);
ALTER TABLE orders ADD CONSTRAINT orders_customer_fk3 FOREIGN KEY (customer_id) REFERENCES customers (id) NOT VALID;
