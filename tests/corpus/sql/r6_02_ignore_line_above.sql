-- migcheck-test: pg-version=15
-- Suppression on the line directly above the statement. Statements silenced this
-- way must produce no finding at all (a marker would take the line above).
SET lock_timeout = '5s';

-- migcheck: ignore[rename-column] both names are served by the view v_users
ALTER TABLE users RENAME COLUMN name TO full_name;

-- migcheck: ignore[drop-not-null] every reader handles NULL since release 3.2
ALTER TABLE orders ALTER COLUMN shipped_at DROP NOT NULL;

-- expect: drop-not-null
ALTER TABLE orders ALTER COLUMN delivered_at DROP NOT NULL;

-- migcheck: ignore[json-column] raw webhook payloads, stored verbatim
ALTER TABLE webhooks ADD COLUMN payload json;

-- expect: json-column
ALTER TABLE webhooks ADD COLUMN headers json;

-- migcheck: ignore[full-table-dml] feature_flags holds a handful of rows
UPDATE feature_flags SET enabled = false;

-- migcheck: ignore[table-rewrite] nightly maintenance job, not a deploy
VACUUM FULL sessions;

-- A suppression separated from the statement by a blank line is not "the line above":
-- migcheck: ignore[rename-column] detached from the statement below

-- expect: rename-column
ALTER TABLE invoices RENAME COLUMN num TO invoice_number;

-- migcheck: ignore[drop-index-not-concurrent] index is tiny
DROP INDEX ix_invoices_legacy;
