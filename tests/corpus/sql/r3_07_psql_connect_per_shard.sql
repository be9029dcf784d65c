-- Roll the quota table out to both shards.
-- Each \connect opens a new session: settings made before it do not carry over.
\set ON_ERROR_STOP on

\connect shard_01
SET lock_timeout = '2s';
\echo 'shard_01: creating tenant_quota'
CREATE TABLE IF NOT EXISTS tenant_quota (
    tenant_id  bigint PRIMARY KEY,
    max_seats  integer NOT NULL DEFAULT 5,
    updated_at timestamptz NOT NULL DEFAULT now()
);
ALTER TABLE tenants ADD COLUMN IF NOT EXISTS quota_plan text;
CREATE INDEX CONCURRENTLY IF NOT EXISTS tenants_quota_plan_idx ON tenants (quota_plan);

\c shard_02
\echo 'shard_02: creating tenant_quota'
CREATE TABLE IF NOT EXISTS tenant_quota (
    tenant_id  bigint PRIMARY KEY,
    max_seats  integer NOT NULL DEFAULT 5,
    updated_at timestamptz NOT NULL DEFAULT now()
);
-- expect: missing-lock-timeout
ALTER TABLE tenants ADD COLUMN IF NOT EXISTS quota_plan text;
CREATE INDEX CONCURRENTLY IF NOT EXISTS tenants_quota_plan_idx ON tenants (quota_plan);

\c shard_01
SELECT count(*) AS tenants_without_plan FROM tenants WHERE quota_plan IS NULL;
