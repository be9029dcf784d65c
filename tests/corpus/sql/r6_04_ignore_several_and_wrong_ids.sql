-- migcheck-test: pg-version=15
-- ignore[...] with several ids, and suppressions that name a different rule.
SET lock_timeout = '5s';

-- several ids, comma and space
ALTER TABLE orders DROP COLUMN legacy_flag, ADD COLUMN extra json; -- migcheck: ignore[drop-column, json-column] both reviewed in PR 812

-- several ids, no space, on the line above
-- migcheck: ignore[drop-column,json-column] both reviewed in PR 813
ALTER TABLE invoices DROP COLUMN legacy_flag, ADD COLUMN extra json;

-- several ids where only one matches a finding: the matching one is silenced
DROP TABLE legacy_carts; -- migcheck: ignore[truncate, drop-table] archived to S3

-- only one of the two findings is silenced
-- expect: json-column
ALTER TABLE refunds DROP COLUMN legacy_flag, ADD COLUMN extra json; -- migcheck: ignore[drop-column]

-- a different rule: must not silence
-- expect: drop-column
ALTER TABLE users DROP COLUMN legacy_flag; -- migcheck: ignore[drop-table] wrong id

-- expect: truncate
TRUNCATE audit_log; -- migcheck: ignore[full-table-dml]

-- expect: full-table-dml
DELETE FROM sessions; -- migcheck: ignore[truncate]

-- expect: drop-index-not-concurrent
DROP INDEX ix_orders_status; -- migcheck: ignore[index-not-concurrent]

-- a prefix of the rule id is not the rule id
-- expect: drop-column
ALTER TABLE users DROP COLUMN old_avatar; -- migcheck: ignore[drop]

-- a near-miss id that is not a rule at all
-- expect: index-not-concurrent
CREATE INDEX ix_orders_created_at ON orders (created_at); -- migcheck: ignore[index-concurrently]

-- expect: rename-column
ALTER TABLE users RENAME COLUMN email TO email_address; -- migcheck: ignore[rename-table, drop-column]
