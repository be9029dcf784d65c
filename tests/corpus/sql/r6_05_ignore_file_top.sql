-- migcheck: ignore-file[drop-column]
-- migcheck-test: pg-version=15
-- ignore-file at the top: every drop-column in the file is silenced, other rules are not.
SET lock_timeout = '5s';

ALTER TABLE users DROP COLUMN legacy_flag;

ALTER TABLE orders DROP COLUMN legacy_flag;

ALTER TABLE payments
    DROP COLUMN legacy_gateway_ref;

-- expect: drop-table
DROP TABLE legacy_sessions;

-- expect: rename-column
ALTER TABLE users RENAME COLUMN name TO full_name;

-- expect: json-column
ALTER TABLE users DROP COLUMN settings_blob, ADD COLUMN settings json;

ALTER TABLE invoices DROP COLUMN legacy_flag;
