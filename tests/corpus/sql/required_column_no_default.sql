SET lock_timeout = '2s';
-- expect: required-column-no-default
ALTER TABLE orders ADD COLUMN sales_channel varchar(16) NOT NULL;
-- expect: required-column-no-default
ALTER TABLE users
    ADD COLUMN country_code char(2) NOT NULL;
ALTER TABLE orders ADD COLUMN source varchar(16) NOT NULL DEFAULT 'web';
ALTER TABLE orders ADD COLUMN referrer text;
ALTER TABLE orders ADD COLUMN channel_id integer NULL;

CREATE TABLE carts (id bigserial PRIMARY KEY);
ALTER TABLE carts ADD COLUMN user_id bigint NOT NULL;
