-- migcheck-test: pg-version=15
-- Suppression on the statement's own line (trailing comment), with positive controls.
SET lock_timeout = '5s';

ALTER TABLE users DROP COLUMN legacy_flag; -- migcheck: ignore[drop-column] the code stopped using it in release 41

-- expect: drop-column
ALTER TABLE users DROP COLUMN old_nickname;

TRUNCATE audit_log; -- migcheck: ignore[truncate] staging-only scratch table

-- expect: truncate
TRUNCATE audit_log_archive;

DROP TABLE legacy_sessions; -- migcheck: ignore[drop-table] unused since 2023, backup taken

-- expect: drop-table
DROP TABLE legacy_tokens;

ALTER TABLE customers RENAME TO clients; -- migcheck: ignore[rename-table] view "customers" is created right after

-- expect: rename-table
ALTER TABLE suppliers RENAME TO vendors;

CREATE INDEX ix_orders_user_id ON orders (user_id); -- migcheck: ignore[index-not-concurrent] run in the maintenance window

-- expect: index-not-concurrent
CREATE INDEX ix_orders_created_at ON orders (created_at);

-- negative control: safe statements
CREATE INDEX CONCURRENTLY ix_orders_status ON orders (status);

ALTER TABLE orders ADD COLUMN note text;
