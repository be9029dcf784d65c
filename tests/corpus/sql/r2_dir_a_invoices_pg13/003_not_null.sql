-- migcheck-test: pg-version=13
SET lock_timeout = '2s';

-- PG 12+: the CHECK validated in 002 proves approved_by has no NULLs, the scan is skipped (ALTER TABLE SET NOT NULL)
ALTER TABLE invoices ALTER COLUMN approved_by SET NOT NULL;
ALTER TABLE invoices DROP CONSTRAINT invoices_approved_by_nn;

-- wrong order: invoices_notes_nn is still NOT VALID when SET NOT NULL runs, so SET NOT NULL scans
-- expect: set-not-null-scan
ALTER TABLE invoices ALTER COLUMN notes SET NOT NULL;
ALTER TABLE invoices VALIDATE CONSTRAINT invoices_notes_nn;

-- PG 12 release notes: timestamp <-> timestamptz skips the table rewrite when the session time zone is UTC
-- (sent_at has no index, so nothing is rebuilt either)
SET TIME ZONE 'UTC';
ALTER TABLE invoices ALTER COLUMN sent_at TYPE timestamptz;
