-- 2025-03-04: remove the coupon feature (code removed in release 2025.02, backups taken)
SET lock_timeout = '2s';

ALTER TABLE orders DROP CONSTRAINT IF EXISTS orders_coupon_id_fkey;

-- expect: drop-index-not-concurrent
DROP INDEX IF EXISTS orders_coupon_id_idx;

-- expect: drop-column
ALTER TABLE orders DROP COLUMN IF EXISTS coupon_id;

-- expect: truncate
TRUNCATE TABLE promo_events;

-- expect: drop-table
DROP TABLE IF EXISTS coupon_redemptions;
-- expect: drop-table
DROP TABLE IF EXISTS coupons;