SET lock_timeout = '2s';
-- expect: drop-column
ALTER TABLE users DROP COLUMN legacy_password_md5;
-- expect: drop-column
ALTER TABLE orders DROP COLUMN IF EXISTS gift_note, DROP COLUMN IF EXISTS gift_wrap;

CREATE TABLE import_rows (id bigserial PRIMARY KEY, raw text, parsed jsonb);
ALTER TABLE import_rows DROP COLUMN raw;
