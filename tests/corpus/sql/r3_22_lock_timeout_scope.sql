-- Shipping changes. lock_timeout handling is deliberately uneven here.
-- SET LOCAL outside a transaction block only emits a WARNING and has no effect:
SET LOCAL lock_timeout = '1s';
SET statement_timeout = '15min';

-- expect: missing-lock-timeout
ALTER TABLE shipments ADD COLUMN carrier_ref text;
ALTER TABLE shipments ADD COLUMN carrier_eta date;

BEGIN;
SET LOCAL lock_timeout = '3s';
ALTER TABLE parcels ADD COLUMN weight_g integer;
COMMIT;

BEGIN;
-- expect: missing-lock-timeout
CREATE TRIGGER parcels_touch BEFORE UPDATE ON parcels
    FOR EACH ROW EXECUTE FUNCTION touch_updated_at();
ALTER TABLE parcels ADD COLUMN volume_cm3 integer;
COMMIT;

-- SHARE UPDATE EXCLUSIVE only: below SHARE
CREATE INDEX CONCURRENTLY IF NOT EXISTS parcels_weight_g_idx ON parcels (weight_g);
ALTER TABLE parcels SET (autovacuum_vacuum_scale_factor = 0.02);

-- expect: drop-column
ALTER TABLE shipments DROP COLUMN legacy_tracking;
