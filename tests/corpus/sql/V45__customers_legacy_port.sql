-- V45: port the customers_legacy tweaks from the old MySQL schema.
-- (psql, autocommit)
SET lock_timeout = '2s';

-- Pasted from the MySQL migration by mistake: MODIFY is not PostgreSQL
-- syntax and fails with a syntax error.
-- expect: not-postgresql
ALTER TABLE customers_legacy MODIFY phone VARCHAR(32) NOT NULL;

-- The parts that were translated correctly: catalog-only changes.
ALTER TABLE customers_legacy ALTER COLUMN notes SET DEFAULT '';
ALTER TABLE customers_legacy ADD COLUMN migrated_at timestamptz;
COMMENT ON TABLE customers_legacy IS 'Read-only copy of the MySQL customers table';
