-- V94: shared types (psql, autocommit; PostgreSQL 15).
SET lock_timeout = '2s';

-- A domain without constraints is only an alias: nothing to check later.
CREATE DOMAIN email_address AS citext;

-- expect: domain-constraint
CREATE DOMAIN positive_cents AS bigint CHECK (VALUE > 0);

-- Checks every column of every table that uses the domain (ALTER DOMAIN docs).
-- expect: domain-constraint
ALTER DOMAIN us_postal_code
    ADD CONSTRAINT us_postal_code_format CHECK (VALUE ~ '^[0-9]{5}(-[0-9]{4})?$');

-- The safe way: NOT VALID suppresses the check of existing columns, and
-- VALIDATE CONSTRAINT runs later (ALTER DOMAIN docs).
ALTER DOMAIN phone_number
    ADD CONSTRAINT phone_number_e164 CHECK (VALUE ~ '^\+[1-9][0-9]{1,14}$') NOT VALID;
ALTER DOMAIN phone_number VALIDATE CONSTRAINT phone_number_e164;

-- expect: domain-constraint
ALTER DOMAIN country_code SET NOT NULL;

CREATE TYPE order_channel AS ENUM ('web', 'ios', 'android', 'pos');

-- Nullable, no default: catalog-only change.
ALTER TABLE orders ADD COLUMN channel order_channel;

BEGIN;
-- Since PG 12, ALTER TYPE ... ADD VALUE may run inside a transaction block;
-- the new value just cannot be used until the transaction commits
-- (ALTER TYPE docs, Notes).
ALTER TYPE payment_method ADD VALUE IF NOT EXISTS 'sepa_debit' AFTER 'card';
ALTER TYPE payment_method ADD VALUE IF NOT EXISTS 'ideal' BEFORE 'paypal';
COMMIT;
