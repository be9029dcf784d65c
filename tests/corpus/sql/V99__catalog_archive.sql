-- V99: soft-delete for catalog products (psql -f).
SET lock_timeout = '2s';

-- START TRANSACTION is the SQL-standard spelling of BEGIN (START TRANSACTION
-- docs). There is no COMMIT at the end of the file, so psql rolls the
-- transaction back when it exits.
-- expect: uncommitted-transaction
START TRANSACTION ISOLATION LEVEL READ COMMITTED;

ALTER TABLE catalog_products ADD COLUMN archived_at timestamptz;
ALTER TABLE catalog_products ADD COLUMN archived_by bigint;

COMMENT ON COLUMN catalog_products.archived_at
    IS 'Set when the product is hidden from the storefront';
