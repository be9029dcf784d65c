SET lock_timeout = '2s';
-- The table has 40 rows in every environment.
-- migcheck: ignore[index-not-concurrent]
CREATE INDEX ix_countries_name ON countries (name);
ALTER TABLE users DROP COLUMN legacy_flag; -- migcheck: ignore[drop-column] unused since v41
-- Only the named rule is silenced.
-- migcheck: ignore[drop-column]
-- expect: index-not-concurrent
CREATE INDEX ix_orders_status ON orders (status);
-- migcheck: ignore
TRUNCATE password_reset_tokens;
