-- +goose Up
-- +goose NO TRANSACTION
SET lock_timeout = '2s';

-- handle is varchar(50) (00001): raising the limit is binary coercible, no
-- rewrite (ALTER TABLE notes).
ALTER TABLE acct_profiles ALTER COLUMN handle TYPE varchar(100);

-- bio is text (00001): text -> varchar(n) must apply the length limit to
-- every value, so the table is rewritten.
-- expect: column-type-rewrite
ALTER TABLE acct_profiles ALTER COLUMN bio TYPE varchar(500);

-- display_name is text (00001): text -> varchar without a limit is binary
-- coercible, no rewrite.
ALTER TABLE acct_profiles ALTER COLUMN display_name TYPE varchar;

-- region_id has no index (00001): deletes on geo.regions would scan
-- acct_profiles.
-- expect: foreign-key-without-index
ALTER TABLE acct_profiles
    ADD CONSTRAINT acct_profiles_region_id_fkey
    FOREIGN KEY (region_id) REFERENCES geo.regions (id) NOT VALID;
ALTER TABLE acct_profiles VALIDATE CONSTRAINT acct_profiles_region_id_fkey;

CREATE INDEX CONCURRENTLY IF NOT EXISTS acct_profiles_last_seen_at_idx
    ON acct_profiles (last_seen_at);
