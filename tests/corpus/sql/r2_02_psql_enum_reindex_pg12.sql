-- migcheck-test: pg-version=12
-- deploy/2024-02-12-ticket-priority.sql, run with: psql -f
SET lock_timeout = '2s';

BEGIN;
-- PG 12 release notes: ALTER TYPE ... ADD VALUE can now run inside a transaction block
ALTER TYPE ticket_priority ADD VALUE 'urgent' AFTER 'high';
ALTER TYPE ticket_priority RENAME VALUE 'normal' TO 'medium';
COMMIT;

-- REINDEX ... CONCURRENTLY is new in PG 12; here it runs outside any transaction block
REINDEX INDEX CONCURRENTLY tickets_subject_trgm_idx;

BEGIN;
-- SET STATISTICS takes SHARE UPDATE EXCLUSIVE only (ALTER TABLE docs)
ALTER TABLE tickets ALTER COLUMN subject SET STATISTICS 1000;
-- REINDEX docs: "REINDEX CONCURRENTLY cannot run inside a transaction block"
-- expect: non-transactional-statement
REINDEX TABLE CONCURRENTLY ticket_comments;
COMMIT;

-- plain REINDEX blocks writes to the table while it rebuilds (REINDEX docs)
-- expect: table-rewrite
REINDEX TABLE ticket_attachments;

ANALYZE tickets;
