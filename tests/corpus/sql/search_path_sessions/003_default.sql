-- SET search_path TO DEFAULT is back to public, not a schema called "default".
SET lock_timeout = '2s';
SET search_path TO billing, public;
SET search_path TO DEFAULT;
-- expect: foreign-key-without-index
ALTER TABLE orders ADD CONSTRAINT orders_customer_fk FOREIGN KEY (customer_id) REFERENCES customers (id) NOT VALID;
