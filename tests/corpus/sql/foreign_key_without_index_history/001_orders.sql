CREATE TABLE coupons (id bigserial PRIMARY KEY, code text NOT NULL UNIQUE);
CREATE TABLE orders (
    id bigserial PRIMARY KEY,
    user_id bigint NOT NULL,
    coupon_id bigint,
    referrer_id bigint,
    created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX ix_orders_referrer_id_created_at ON orders (referrer_id, created_at);
