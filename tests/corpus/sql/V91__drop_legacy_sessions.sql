-- V91: remove the legacy session store (the code stopped using it in 2024.18).
-- Run with psql in autocommit mode. No lock_timeout is set in this file, and
-- every statement below is its own transaction, so each strong lock is
-- requested without a timeout. missing-lock-timeout is reported once per file
-- for statements that commit on their own (one SET at the top fixes them all).

-- expect: drop-table, missing-lock-timeout
DROP TABLE IF EXISTS legacy_sessions CASCADE;

-- expect: drop-index-not-concurrent
DROP INDEX IF EXISTS orders_legacy_status_idx;

-- expect: truncate
TRUNCATE TABLE audit_log_archive;

-- DROP INDEX CONCURRENTLY does not take ACCESS EXCLUSIVE on the table
-- (DROP INDEX docs), so it neither blocks queries nor needs the timeout.
DROP INDEX CONCURRENTLY IF EXISTS orders_legacy_created_idx;

-- SET LOCAL outside a transaction block only emits a warning and otherwise
-- has no effect (SET docs), so the next statement still has no lock_timeout.
SET LOCAL lock_timeout = '2s';
-- expect: drop-column
ALTER TABLE orders DROP COLUMN IF EXISTS legacy_status;
