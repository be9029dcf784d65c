SET lock_timeout = '2s';
-- expect: truncate
TRUNCATE password_reset_tokens;
-- expect: truncate
TRUNCATE TABLE carts, cart_items RESTART IDENTITY CASCADE;

CREATE TABLE import_staging (id bigint, payload text);
TRUNCATE import_staging;
