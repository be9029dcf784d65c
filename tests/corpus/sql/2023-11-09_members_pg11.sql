-- migcheck-test: pg-version=11
-- 2023-11-09: same pattern on the legacy membership database, still on PG 11.
SET lock_timeout = '2s';

ALTER TABLE members
    ADD CONSTRAINT members_joined_on_nn CHECK (joined_on IS NOT NULL) NOT VALID;
ALTER TABLE members VALIDATE CONSTRAINT members_joined_on_nn;

-- PG 11 does not use the CHECK to skip the scan: that optimisation arrived in
-- PG 12 (release notes 12: "Allow ALTER TABLE ... SET NOT NULL to avoid
-- unnecessary table scans"). So this still scans under ACCESS EXCLUSIVE.
-- expect: set-not-null-scan
ALTER TABLE members ALTER COLUMN joined_on SET NOT NULL;
ALTER TABLE members DROP CONSTRAINT members_joined_on_nn;

-- Safe on PG 11: constant defaults no longer rewrite the table (PG 11 feature).
ALTER TABLE members ADD COLUMN tier text NOT NULL DEFAULT 'free';

BEGIN;
-- Before PG 12, ALTER TYPE ... ADD VALUE cannot be executed inside a
-- transaction block (ALTER TYPE docs, Notes, PG 11).
-- expect: non-transactional-statement
ALTER TYPE member_status ADD VALUE 'suspended' AFTER 'active';
COMMIT;
