-- Quarterly maintenance of the events cluster (PostgreSQL 15).
SET lock_timeout = '5s';

-- next quarter's partition: a new table
CREATE TABLE IF NOT EXISTS events_2025_q2 PARTITION OF events
    FOR VALUES FROM ('2025-04-01') TO ('2025-07-01');
CREATE INDEX IF NOT EXISTS events_2025_q2_actor_idx ON events_2025_q2 (actor_id);

-- retire 2023
-- expect: detach-partition-not-concurrent
ALTER TABLE events DETACH PARTITION events_2023_q1;
ALTER TABLE events DETACH PARTITION events_2023_q2 CONCURRENTLY;

BEGIN;
-- expect: non-transactional-statement
ALTER TABLE events DETACH PARTITION events_2023_q3 CONCURRENTLY;
COMMIT;

-- expect: table-rewrite
VACUUM FULL events_2024_q4;
VACUUM (ANALYZE, VERBOSE) events_2025_q1;
-- expect: table-rewrite
CLUSTER events_2024_q3 USING events_2024_q3_pkey;
-- expect: table-rewrite
REINDEX INDEX events_2024_q2_pkey;
REINDEX TABLE CONCURRENTLY events_2024_q1;
-- expect: table-rewrite
ALTER TABLE events_2023_q1 SET TABLESPACE archive_hdd;
-- expect: table-rewrite
ALTER TABLE events_import SET UNLOGGED;
-- expect: truncate
TRUNCATE events_import;
-- expect: drop-table
DROP TABLE events_2023_q2;
