-- +goose Up
-- +goose NO TRANSACTION
-- Handles become optional (sign-up by e-mail only).
SET lock_timeout = '2s';

-- Instances of the previous release still assume handle is never NULL.
-- expect: drop-not-null
ALTER TABLE acct_profiles ALTER COLUMN handle DROP NOT NULL;

-- Copied from the MySQL version of this service: MODIFY COLUMN is MySQL
-- syntax, not PostgreSQL (it fails with a syntax error there).
-- expect: not-postgresql
ALTER TABLE acct_profiles MODIFY COLUMN bio TEXT;

-- Fine: a catalog-only default change on an existing table.
ALTER TABLE acct_profile_links ALTER COLUMN url SET DEFAULT '';
