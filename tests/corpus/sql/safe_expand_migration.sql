-- The recommended shape of a schema change on large tables: every statement is safe.
SET lock_timeout = '2s';
SET statement_timeout = '15min';

CREATE TABLE coupons (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    code text NOT NULL UNIQUE,
    percent_off smallint NOT NULL CHECK (percent_off BETWEEN 1 AND 100),
    valid_until timestamptz,
    created_at timestamptz NOT NULL DEFAULT now()
);
COMMENT ON TABLE coupons IS 'Discount codes';

ALTER TABLE orders ADD COLUMN coupon_id bigint;
ALTER TABLE orders ADD COLUMN discount_cents integer NOT NULL DEFAULT 0;
CREATE INDEX CONCURRENTLY IF NOT EXISTS ix_orders_coupon_id ON orders (coupon_id);
ALTER TABLE orders
    ADD CONSTRAINT fk_orders_coupon FOREIGN KEY (coupon_id) REFERENCES coupons (id) NOT VALID;
ALTER TABLE orders VALIDATE CONSTRAINT fk_orders_coupon;
ALTER TABLE orders
    ADD CONSTRAINT ck_orders_discount CHECK (discount_cents >= 0) NOT VALID;
ALTER TABLE orders VALIDATE CONSTRAINT ck_orders_discount;
ALTER TABLE orders ALTER COLUMN discount_cents SET DEFAULT 0;
ALTER TABLE orders ALTER COLUMN coupon_id SET STATISTICS 500;
CREATE OR REPLACE VIEW order_discounts AS
    SELECT id, coupon_id, discount_cents FROM orders WHERE coupon_id IS NOT NULL;
GRANT SELECT ON order_discounts TO reporting;
UPDATE orders SET discount_cents = 0 WHERE id BETWEEN 1 AND 50000 AND discount_cents IS NULL;
