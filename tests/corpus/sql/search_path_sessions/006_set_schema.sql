-- public.orders.note is varchar(10): varchar(20) rewrites nothing (scratch's text would).
SET lock_timeout = '2s';
ALTER TABLE orders ALTER COLUMN note TYPE varchar(20);
-- SET SCHEMA 'x' is SET search_path TO 'x': billing.orders.note is text.
SET SCHEMA 'billing';
-- expect: column-type-rewrite
ALTER TABLE orders ALTER COLUMN note TYPE varchar(30);
