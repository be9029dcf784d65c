-- migcheck-test: pg-version=15
-- ops/2024-05-maintenance.sql, run by hand with psql; no lock_timeout on purpose
SET statement_timeout = 0;
SET maintenance_work_mem = '2GB';

-- plain VACUUM and ANALYZE take SHARE UPDATE EXCLUSIVE: below SHARE, no lock_timeout needed
VACUUM (ANALYZE, VERBOSE) order_events;
ANALYZE customers;

-- ALTER TABLE docs: changing cluster options acquires SHARE UPDATE EXCLUSIVE; nothing is moved
ALTER TABLE order_events CLUSTER ON order_events_created_at_idx;

-- PG 12+ REINDEX CONCURRENTLY (SHARE UPDATE EXCLUSIVE)
REINDEX INDEX CONCURRENTLY order_events_payload_gin_idx;
-- PG 14+ spelling of the same option inside the option list
REINDEX (CONCURRENTLY, VERBOSE) TABLE order_event_tags;

-- first statement in this file that needs a strong lock: ACCESS EXCLUSIVE, no lock_timeout
-- expect: missing-lock-timeout, table-rewrite
VACUUM FULL order_events_archive;

-- expect: table-rewrite
CLUSTER order_events USING order_events_created_at_idx;

-- expect: table-rewrite
REINDEX INDEX order_events_customer_id_idx;

-- expect: table-rewrite
ALTER TABLE order_events_archive SET TABLESPACE archive_hdd;

-- expect: table-rewrite
ALTER TABLE import_staging SET UNLOGGED;

-- expect: table-rewrite
ALTER TABLE event_buffer SET LOGGED;
