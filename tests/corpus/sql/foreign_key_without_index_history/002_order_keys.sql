SET lock_timeout = '2s';
-- The schema model knows every index of orders (created by 001): coupon_id has none.
-- expect: foreign-key-without-index
ALTER TABLE orders ADD CONSTRAINT fk_orders_coupon FOREIGN KEY (coupon_id) REFERENCES coupons (id) NOT VALID;
ALTER TABLE orders VALIDATE CONSTRAINT fk_orders_coupon;

-- referrer_id leads ix_orders_referrer_id_created_at.
ALTER TABLE orders
    ADD CONSTRAINT fk_orders_referrer FOREIGN KEY (referrer_id) REFERENCES orders (id) NOT VALID;

CREATE INDEX CONCURRENTLY ix_orders_user_id ON orders (user_id);
ALTER TABLE orders ADD CONSTRAINT fk_orders_user FOREIGN KEY (user_id) REFERENCES users (id) NOT VALID;
