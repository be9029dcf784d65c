SET lock_timeout = '2s';
-- The old type of a column created before this file is unknown: any type change may rewrite.
-- expect: column-type-rewrite
ALTER TABLE order_items ALTER COLUMN id TYPE bigint;
-- expect: column-type-rewrite
ALTER TABLE orders ALTER COLUMN total TYPE numeric(12, 2) USING total::numeric(12, 2);
-- expect: column-type-rewrite
ALTER TABLE users ALTER COLUMN created_at SET DATA TYPE timestamptz;

CREATE TABLE coupons (id serial PRIMARY KEY, code varchar(16) NOT NULL, percent_off smallint NOT NULL);
ALTER TABLE coupons ALTER COLUMN code TYPE varchar(64);
ALTER TABLE coupons ALTER COLUMN percent_off TYPE integer;
