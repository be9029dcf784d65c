-- migcheck-test: pg-version=10
-- V20: subscription options, for the reseller cluster that still runs PG 10.
SET lock_timeout = '5s';

-- Before PG 11 a default on ADD COLUMN is written into every existing row: the
-- table and its indexes are rewritten under ACCESS EXCLUSIVE (ALTER TABLE
-- notes, PG 10; the PG 11 release notes list the fast-default change).
-- expect: add-column-rewrite
ALTER TABLE subscriptions
    ADD COLUMN auto_renew boolean NOT NULL DEFAULT true;

-- No DEFAULT clause: "merely a metadata change" even on PG 10 (ALTER TABLE notes).
ALTER TABLE subscriptions ADD COLUMN cancelled_reason text;
ALTER TABLE subscriptions ADD COLUMN trial_ends_at timestamptz;

-- The PG 10 safe way: add the column without a default, set the default for
-- new rows only (catalog change), then backfill in key ranges.
ALTER TABLE subscriptions ADD COLUMN renew_reminder boolean;
ALTER TABLE subscriptions ALTER COLUMN renew_reminder SET DEFAULT true;
UPDATE subscriptions
   SET renew_reminder = true
 WHERE id BETWEEN 1 AND 50000
   AND renew_reminder IS NULL;
