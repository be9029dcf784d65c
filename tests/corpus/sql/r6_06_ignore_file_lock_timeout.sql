-- migcheck-test: pg-version=15
-- No SET lock_timeout in this file: missing-lock-timeout and truncate are silenced
-- for the whole file by ignore-file with two ids; other rules still fire.
-- migcheck: ignore-file[missing-lock-timeout, truncate]

ALTER TABLE orders ADD COLUMN note text;

TRUNCATE audit_log;

ALTER TABLE orders ALTER COLUMN note SET DEFAULT '';

-- expect: rename-table
ALTER TABLE customers RENAME TO clients;

TRUNCATE import_staging;

-- expect: index-not-concurrent
CREATE INDEX ix_orders_note ON orders (note);

-- expect: drop-not-null
ALTER TABLE orders ALTER COLUMN shipped_at DROP NOT NULL;
