-- Small follow-ups batched by the on-call engineer, one line per ticket.
SET lock_timeout = '2s'; SET statement_timeout = '30s';

ALTER TABLE accounts ADD COLUMN timezone text; ALTER TABLE devices ADD COLUMN last_seen_at timestamptz;
-- expect: json-column, drop-column
ALTER TABLE accounts ADD COLUMN prefs json; ALTER TABLE accounts DROP COLUMN legacy_prefs;
-- expect: required-column-no-default
ALTER TABLE devices ADD COLUMN platform text DEFAULT 'ios'; ALTER TABLE devices ADD COLUMN owner_id bigint NOT NULL;
-- expect: statements-after-access-exclusive, mixed-schema-and-data
BEGIN; ALTER TABLE accounts ADD COLUMN plan text; UPDATE accounts SET plan = 'free' WHERE plan IS NULL AND id < 100000; COMMIT;
CREATE INDEX CONCURRENTLY accounts_plan_idx ON accounts (plan); CREATE INDEX CONCURRENTLY devices_owner_idx ON devices (owner_id);
-- expect: index-not-concurrent, rename-column
CREATE INDEX devices_platform_idx ON devices (platform); ALTER TABLE devices RENAME COLUMN last_seen_at TO seen_at; -- TICKET-812; TICKET-813
-- expect: drop-table
ANALYZE accounts; DROP TABLE IF EXISTS
    tmp_devices_backfill;
SELECT 'done; ' || count(*) FROM accounts; /* ; */ SELECT 1;
