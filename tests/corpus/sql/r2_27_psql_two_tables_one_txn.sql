-- promotions feature; psql script with no session lock_timeout on purpose

BEGIN;
-- expect: missing-lock-timeout
ALTER TABLE carts ADD COLUMN promo_code text;
-- carts stays ACCESS EXCLUSIVE locked while this waits, unbounded, for a lock on another table
-- expect: statements-after-access-exclusive
ALTER TABLE promotions ADD COLUMN max_redemptions integer;
COMMIT;

BEGIN;
SET LOCAL lock_timeout = '2s';
ALTER TABLE carts ADD COLUMN promo_applied_at timestamptz;
-- bounded wait and an instant change: not reported
ALTER TABLE promotions ADD COLUMN starts_at timestamptz;
-- but VALIDATE scans promotions while carts and promotions are ACCESS EXCLUSIVE locked
-- expect: statements-after-access-exclusive
ALTER TABLE promotions VALIDATE CONSTRAINT promotions_discount_range;
COMMIT;

-- autocommit part: CREATE INDEX CONCURRENTLY and SET STATISTICS take SHARE UPDATE EXCLUSIVE only
CREATE INDEX CONCURRENTLY IF NOT EXISTS carts_promo_code_idx ON carts (promo_code);
ALTER TABLE carts ALTER COLUMN promo_code SET STATISTICS 250;
-- ALTER TABLE docs: fillfactor and autovacuum parameters take SHARE UPDATE EXCLUSIVE
ALTER TABLE carts SET (fillfactor = 85, autovacuum_vacuum_scale_factor = 0.02);

CREATE OR REPLACE FUNCTION promotions_touch() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    NEW.updated_at := now();
    RETURN NEW;
END
$$;

-- Explicit Locking: CREATE TRIGGER takes SHARE ROW EXCLUSIVE (>= SHARE) on an existing table
-- expect: missing-lock-timeout
CREATE TRIGGER promotions_touch BEFORE UPDATE ON promotions FOR EACH ROW EXECUTE FUNCTION promotions_touch();
