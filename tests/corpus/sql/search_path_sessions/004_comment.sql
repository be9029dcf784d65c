-- A comment after the value is no schema: archive is not searched, public is.
SET lock_timeout = '2s';
SET search_path TO public, archive -- public first
;
-- expect: foreign-key-without-index
ALTER TABLE orders ADD CONSTRAINT orders_customer_fk2 FOREIGN KEY (customer_id) REFERENCES customers (id) NOT VALID;
