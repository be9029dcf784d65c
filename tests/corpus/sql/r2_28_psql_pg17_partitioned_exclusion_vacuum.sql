-- migcheck-test: pg-version=17
-- workforce planning: no double booking
SET lock_timeout = '2s';

CREATE EXTENSION IF NOT EXISTS btree_gist;

-- PG 17 release notes: exclusion constraints on partitioned tables, when they include the partition key with =
CREATE TABLE shift_assignments (
    region_id    integer NOT NULL,
    employee_id  bigint NOT NULL,
    shift        tstzrange NOT NULL,
    CONSTRAINT shift_assignments_no_double_booking
        EXCLUDE USING gist (region_id WITH =, employee_id WITH =, shift WITH &&)
) PARTITION BY LIST (region_id);

CREATE TABLE shift_assignments_eu PARTITION OF shift_assignments FOR VALUES IN (1);
CREATE TABLE shift_assignments_us PARTITION OF shift_assignments FOR VALUES IN (2);

-- existing table: no lock-free way to add it
-- expect: exclusion-constraint
ALTER TABLE on_call_rotations ADD CONSTRAINT on_call_rotations_no_overlap
    EXCLUDE USING gist (team_id WITH =, period WITH &&);

BEGIN;
ANALYZE on_call_rotations;
-- VACUUM docs: "VACUUM cannot be executed inside a transaction block"
-- expect: non-transactional-statement
VACUUM (ANALYZE) on_call_rotations;
COMMIT;

VACUUM (ANALYZE) on_call_rotations;
