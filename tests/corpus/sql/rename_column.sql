SET lock_timeout = '2s';
-- expect: rename-column
ALTER TABLE users RENAME COLUMN name TO full_name;
-- expect: rename-column
ALTER TABLE orders RENAME placed TO placed_at;

CREATE TABLE addresses (id bigserial PRIMARY KEY, zip text);
ALTER TABLE addresses RENAME COLUMN zip TO postal_code;
