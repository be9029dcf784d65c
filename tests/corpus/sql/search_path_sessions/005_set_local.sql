-- SET LOCAL lasts until COMMIT: the orders created is scratch's (public.orders stays).
SET lock_timeout = '2s';
CREATE SCHEMA scratch;
BEGIN;
SET LOCAL search_path TO scratch;
CREATE TABLE orders (id int PRIMARY KEY, note text);
COMMIT;
