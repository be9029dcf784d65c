-- The foreign key is checked where it was written (billing first: billing.payments, with its
-- index), not after the RESET (public.payments).
SET lock_timeout = '2s';
SET search_path TO billing, public;
CREATE TABLE payments (id int PRIMARY KEY, customer_id int REFERENCES customers (id));
CREATE INDEX payments_customer_id_idx ON payments (customer_id);
RESET search_path;
