-- No lock_timeout: each statement commits on its own; reported once for the file, at the
-- first statement that needs it.
CREATE TABLE coupons (id serial PRIMARY KEY, code text NOT NULL);
CREATE INDEX ix_coupons_code ON coupons (code);
-- Weak locks need no timeout: SHARE UPDATE EXCLUSIVE and ROW EXCLUSIVE let reads and writes through.
CREATE INDEX CONCURRENTLY ix_orders_coupon_id ON orders (coupon_id);
ALTER TABLE orders VALIDATE CONSTRAINT fk_orders_user;
UPDATE orders SET coupon_id = NULL WHERE coupon_id = 0;
-- expect: missing-lock-timeout
ALTER TABLE orders
    ADD CONSTRAINT fk_orders_coupon FOREIGN KEY (coupon_id) REFERENCES coupons (id) NOT VALID;
ALTER TABLE orders ADD COLUMN gift_message text;
ALTER TABLE payments ADD COLUMN note text;
