-- migcheck-test: pg-version=13
-- telemetry db: monthly partition maintenance (server on 13)
SET lock_timeout = '3s';

-- a new partition of the existing parent: the partition itself is new
CREATE TABLE measurements_2024_07 PARTITION OF measurements
    FOR VALUES FROM ('2024-07-01') TO ('2024-08-01');

-- staging table, loaded elsewhere, then attached; the CHECK lets ATTACH skip the partition scan (ALTER TABLE ATTACH PARTITION notes)
CREATE TABLE measurements_2024_08 (LIKE measurements INCLUDING DEFAULTS INCLUDING CONSTRAINTS);
ALTER TABLE measurements_2024_08 ADD CONSTRAINT measurements_2024_08_bounds
    CHECK (recorded_at >= '2024-08-01' AND recorded_at < '2024-09-01');
-- PG 12+: SHARE UPDATE EXCLUSIVE on the parent, ACCESS EXCLUSIVE only on the (new) table being attached
ALTER TABLE measurements ATTACH PARTITION measurements_2024_08
    FOR VALUES FROM ('2024-08-01') TO ('2024-09-01');

-- PG 13 has no DETACH PARTITION ... CONCURRENTLY (added in 14); RULES: detach-partition-not-concurrent applies to 14 and later
ALTER TABLE measurements DETACH PARTITION measurements_2023_01;

-- on a partitioned table this builds the index on every partition while holding SHARE locks
-- expect: index-not-concurrent
CREATE INDEX measurements_sensor_id_idx ON measurements (sensor_id);

ANALYZE measurements_2024_08;
