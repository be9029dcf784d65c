-- V2025_03_01__customer_flags.sql (saved on Windows: CRLF line endings)
SET lock_timeout = '2s';

ALTER TABLE customers ADD COLUMN IF NOT EXISTS is_vip boolean NOT NULL DEFAULT false;

-- expect: add-column-rewrite
ALTER TABLE customers ADD COLUMN IF NOT EXISTS referral_code uuid DEFAULT gen_random_uuid();

-- expect: index-not-concurrent
CREATE INDEX customers_is_vip_idx
    ON customers (is_vip)
    WHERE is_vip;

-- expect: drop-not-null
ALTER TABLE customers ALTER COLUMN phone DROP NOT NULL;

COMMENT ON COLUMN customers.is_vip IS 'Set by the CRM sync;
second line of the comment -- still inside the string';

-- expect: full-table-dml
DELETE FROM customer_flags_staging;

-- expect: rename-table
ALTER TABLE IF EXISTS customer_flags_staging RENAME TO customer_flags_import;
