-- Ops script: shipments index cleanup (psql -f).
-- Someone wrapped the steps in BEGIN/COMMIT "to be safe"; the CONCURRENTLY
-- forms cannot be executed inside a transaction block and fail.
SET lock_timeout = '5s';

BEGIN;
-- CREATE INDEX docs: "a regular CREATE INDEX command can be performed within a
-- transaction block, but CREATE INDEX CONCURRENTLY cannot."
-- expect: non-transactional-statement
CREATE INDEX CONCURRENTLY shipments_tracking_no_idx
    ON logistics.shipments (tracking_no);
-- expect: non-transactional-statement
DROP INDEX CONCURRENTLY IF EXISTS logistics.shipments_tracking_no_old_idx;
COMMIT;

BEGIN;
-- REINDEX CONCURRENTLY and DETACH PARTITION ... CONCURRENTLY cannot run in a
-- transaction block either (REINDEX and ALTER TABLE docs).
-- expect: non-transactional-statement
REINDEX INDEX CONCURRENTLY logistics.shipments_status_idx;
-- expect: non-transactional-statement
ALTER TABLE logistics.shipment_events
    DETACH PARTITION logistics.shipment_events_2022 CONCURRENTLY;
COMMIT;

-- Outside a transaction block the same kind of statements are fine.
CREATE INDEX CONCURRENTLY IF NOT EXISTS shipments_carrier_idx
    ON logistics.shipments (carrier_id);
REINDEX TABLE CONCURRENTLY logistics.carriers;
