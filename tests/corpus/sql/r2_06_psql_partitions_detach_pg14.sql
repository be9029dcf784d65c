-- migcheck-test: pg-version=14
-- audit db: retire 2022 partitions
SET lock_timeout = '3s';

-- ACCESS EXCLUSIVE on the parent: every query on every partition waits
-- expect: detach-partition-not-concurrent
ALTER TABLE audit_events DETACH PARTITION audit_events_2022_q1;

-- PG 14: CONCURRENTLY takes SHARE UPDATE EXCLUSIVE on the parent; outside a transaction block here
ALTER TABLE audit_events DETACH PARTITION audit_events_2022_q2 CONCURRENTLY;

BEGIN;
-- ALTER TABLE docs (14): "CONCURRENTLY cannot be run in a transaction block"
-- expect: non-transactional-statement
ALTER TABLE audit_events DETACH PARTITION audit_events_2022_q3 CONCURRENTLY;
COMMIT;

-- expect: drop-table
DROP TABLE audit_events_2022_q1;

-- moves every page of the detached partition under ACCESS EXCLUSIVE
-- expect: table-rewrite
ALTER TABLE audit_events_2022_q2 SET TABLESPACE cold_storage;
