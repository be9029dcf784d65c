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
-- A comment on any line of a multi-line statement applies to the statement.
CREATE INDEX ix_orders_placed_at
    ON orders (placed_at); -- migcheck: ignore[index-not-concurrent] built off-peak by ops
ALTER TABLE orders
    DROP COLUMN gift_note, -- migcheck: ignore[drop-column]
    DROP COLUMN gift_wrap;
-- A blank line ends a comment's reach.
-- migcheck: ignore[truncate]

-- expect: truncate
TRUNCATE sessions;
