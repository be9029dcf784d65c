-- migcheck-test: pg-version=17
-- reporting: revenue materialized views
SET lock_timeout = '5s';

CREATE MATERIALIZED VIEW daily_revenue AS
SELECT date_trunc('day', paid_at) AS day, currency, sum(amount) AS revenue
FROM payments
GROUP BY 1, 2
WITH NO DATA;

-- the view was created above: indexing and refreshing it block nobody
CREATE UNIQUE INDEX daily_revenue_day_currency_key ON daily_revenue (day, currency);
REFRESH MATERIALIZED VIEW daily_revenue;

BEGIN;
-- REFRESH MATERIALIZED VIEW docs: CONCURRENTLY (EXCLUSIVE lock, reads continue) is allowed inside a transaction block,
-- unlike CREATE INDEX CONCURRENTLY
REFRESH MATERIALIZED VIEW CONCURRENTLY customer_lifetime_value;
COMMIT;

-- no rule in RULES.md covers refreshing an existing materialized view
REFRESH MATERIALIZED VIEW monthly_cohorts;

CREATE INDEX CONCURRENTLY payments_paid_at_idx ON payments (paid_at);
