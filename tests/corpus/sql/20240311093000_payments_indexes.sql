-- migrate:up transaction:false
-- dbmate: this migration runs without a wrapping transaction, so CONCURRENTLY works.
SET lock_timeout = '2s';

-- Safe: CREATE INDEX CONCURRENTLY takes SHARE UPDATE EXCLUSIVE, so reads and
-- writes continue (CREATE INDEX docs, "Building Indexes Concurrently").
CREATE INDEX CONCURRENTLY IF NOT EXISTS payments_created_at_brin
    ON billing.payments USING brin (created_at);

CREATE INDEX CONCURRENTLY IF NOT EXISTS payments_open_by_customer_idx
    ON billing.payments (customer_id, created_at DESC)
    WHERE status IN ('pending', 'authorized');

-- Someone forgot CONCURRENTLY here: SHARE lock, writes blocked for the build.
-- expect: index-not-concurrent
CREATE INDEX payments_lower_external_ref_idx
    ON billing.payments (lower(external_ref));

-- Unique constraint the safe way: build the unique index concurrently, then
-- attach it. ADD CONSTRAINT ... USING INDEX does not rebuild the index
-- (ALTER TABLE docs, "ADD table_constraint_using_index").
CREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS payments_provider_txn_key
    ON billing.payments (provider, provider_txn_id);
ALTER TABLE billing.payments
    ADD CONSTRAINT payments_provider_txn_key UNIQUE USING INDEX payments_provider_txn_key;

-- migrate:down
ALTER TABLE billing.payments DROP CONSTRAINT IF EXISTS payments_provider_txn_key;
DROP INDEX CONCURRENTLY IF EXISTS billing.payments_lower_external_ref_idx;
DROP INDEX CONCURRENTLY IF EXISTS billing.payments_open_by_customer_idx;
DROP INDEX CONCURRENTLY IF EXISTS billing.payments_created_at_brin;
