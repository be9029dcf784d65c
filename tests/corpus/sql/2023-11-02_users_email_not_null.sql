-- 2023-11-02: users.email becomes mandatory (PostgreSQL 15, psql autocommit).
SET lock_timeout TO '2s';

-- The recommended sequence: CHECK NOT VALID, validate it in its own
-- transaction, then SET NOT NULL. Since PG 12, SET NOT NULL skips the full
-- table scan when a valid CHECK constraint proves the column has no NULLs
-- (ALTER TABLE docs, SET/DROP NOT NULL). None of these four is a finding.
ALTER TABLE users
    ADD CONSTRAINT users_email_not_null CHECK (email IS NOT NULL) NOT VALID;
ALTER TABLE users VALIDATE CONSTRAINT users_email_not_null;
ALTER TABLE users ALTER COLUMN email SET NOT NULL;
ALTER TABLE users DROP CONSTRAINT users_email_not_null;

-- No CHECK proves created_at is non-NULL: full scan under ACCESS EXCLUSIVE.
-- expect: set-not-null-scan
ALTER TABLE users ALTER COLUMN created_at SET NOT NULL;

-- Older app instances still assume middle_name is never NULL.
-- expect: drop-not-null
ALTER TABLE users ALTER COLUMN middle_name DROP NOT NULL;

-- Builds the unique index under ACCESS EXCLUSIVE.
-- expect: unique-constraint-without-index
ALTER TABLE users ADD CONSTRAINT users_username_key UNIQUE (username);
