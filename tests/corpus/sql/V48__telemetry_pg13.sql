-- migcheck-test: pg-version=13
-- V48: retention on the telemetry cluster, which still runs PostgreSQL 13.
SET lock_timeout = '2s';

-- DETACH PARTITION ... CONCURRENTLY was added in PostgreSQL 14 (ALTER TABLE
-- docs, 14 release notes): on 13 there is no non-blocking form, and
-- detach-partition-not-concurrent applies to PG 14+ only.
ALTER TABLE telemetry.samples DETACH PARTITION telemetry.samples_2021;

-- PG 12+ (so 13 too): SET NOT NULL skips the scan when a valid CHECK proves
-- the column has no NULLs (ALTER TABLE docs).
ALTER TABLE telemetry.devices
    ADD CONSTRAINT devices_firmware_version_nn
    CHECK (firmware_version IS NOT NULL) NOT VALID;
ALTER TABLE telemetry.devices VALIDATE CONSTRAINT devices_firmware_version_nn;
ALTER TABLE telemetry.devices ALTER COLUMN firmware_version SET NOT NULL;
ALTER TABLE telemetry.devices DROP CONSTRAINT devices_firmware_version_nn;

-- REINDEX CONCURRENTLY exists since PG 12.
REINDEX INDEX CONCURRENTLY telemetry.devices_serial_idx;

-- Constant default: no rewrite since PG 11.
ALTER TABLE telemetry.devices ADD COLUMN sample_rate_hz integer NOT NULL DEFAULT 1;
