-- migcheck-test: pg-version=15
-- Text that looks like a suppression inside a string literal is data, not a comment.
-- The documented SQL form is a "--" line comment; a /* block comment */ is not that form.
SET lock_timeout = '5s';

-- expect: full-table-dml
UPDATE orders SET note = '-- migcheck: ignore[full-table-dml]';

INSERT INTO audit_log (message) VALUES ('-- migcheck: ignore-file[truncate]');

COMMENT ON TABLE users IS '-- migcheck: ignore-file[drop-column, rename-column]';

-- expect: truncate
TRUNCATE audit_log_archive;

-- expect: drop-column
ALTER TABLE users DROP COLUMN legacy_flag;

-- expect: full-table-dml
UPDATE orders
   SET note = 'see
-- migcheck: ignore[full-table-dml]
in the runbook';

-- expect: rename-column
ALTER TABLE users RENAME COLUMN name TO full_name;

-- expect: drop-table
DROP TABLE legacy_sessions; /* migcheck: ignore[drop-table] */

-- a real line comment after a string that mentions another rule still works
UPDATE settings SET value = 'ignore[truncate]'; -- migcheck: ignore[full-table-dml] settings has 12 rows
