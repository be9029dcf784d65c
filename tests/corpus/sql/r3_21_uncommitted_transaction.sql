-- Hotfix 2025-03-07: every shipment needs a carrier. Run with: psql -X -f 21_uncommitted_transaction.sql
SET lock_timeout = '2s';
SET statement_timeout = '10min';

-- expect: uncommitted-transaction
BEGIN;
ALTER TABLE shipments ALTER COLUMN carrier SET DEFAULT 'unknown';
SAVEPOINT before_backfill;
-- expect: statements-after-access-exclusive, mixed-schema-and-data
UPDATE shipments SET carrier = 'unknown' WHERE carrier IS NULL AND shipped_at < DATE '2020-01-01';
RELEASE SAVEPOINT before_backfill;
-- expect: set-not-null-scan, statements-after-access-exclusive
ALTER TABLE shipments ALTER COLUMN carrier SET NOT NULL;
COMMENT ON COLUMN shipments.carrier IS 'Required since 2025-03-07; ''unknown'' for old rows';

-- (no COMMIT: psql ends the session and the server rolls everything back)
