-- Data fixes for release 2025.03: data only, runs after the deploy (psql, autocommit).
SET lock_timeout = '2s';
SET statement_timeout = '30min';

-- expect: full-table-dml
UPDATE users SET email = lower(trim(email));
UPDATE users u SET country_code = c.code
  FROM countries c
 WHERE c.name = u.country AND u.country_code IS NULL;

-- the only WHERE is inside the subquery: every row of accounts is updated
-- expect: full-table-dml
UPDATE accounts SET score = (SELECT avg(a2.score) FROM accounts a2 WHERE a2.team_id = accounts.team_id);

-- expect: full-table-dml
UPDATE products SET care_note = 'See the WHERE-to-wash guide; -- printed on the label';

-- expect: full-table-dml
DELETE FROM sessions;
DELETE FROM password_resets WHERE created_at < now() - interval '1 day';

INSERT INTO feature_flags (name, enabled, description) VALUES
    ('new_checkout', false, E'Rolls out the new checkout;\nsee RFC-17 -- owner: payments'),
    ('dark_mode',    true,  'User''s theme; on by default')
ON CONFLICT (name) DO UPDATE SET description = EXCLUDED.description;

WITH stale AS (
    SELECT id FROM carts WHERE updated_at < now() - interval '90 days' ORDER BY id LIMIT 10000
)
DELETE FROM carts WHERE id IN (SELECT id FROM stale);

WITH totals AS (SELECT order_id, sum(amount_cents) AS s FROM order_lines GROUP BY order_id)
UPDATE orders o SET total_cents = t.s FROM totals t WHERE t.order_id = o.id AND o.total_cents IS DISTINCT FROM t.s;
