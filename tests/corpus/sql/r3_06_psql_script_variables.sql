-- Billing: add due dates to invoices.
-- Run as: psql -X -v schema=billing -f 06_psql_script_variables.sql
\set ON_ERROR_STOP on
\timing on
\if :{?schema}
\else
  \set schema billing
\endif
\echo 'Migrating schema' :'schema'

SET lock_timeout = '2s';
SET statement_timeout = '5min';

BEGIN;
ALTER TABLE :"schema".invoices ADD COLUMN IF NOT EXISTS due_on date;
-- expect: statements-after-access-exclusive, mixed-schema-and-data
UPDATE :"schema".invoices
   SET due_on = issued_on + 30
 WHERE due_on IS NULL AND issued_on >= DATE '2025-01-01';
COMMIT;

\echo 'Building the index outside the transaction'
CREATE INDEX CONCURRENTLY IF NOT EXISTS invoices_due_on_idx
    ON :"schema".invoices (due_on);

SELECT count(*) AS missing
  FROM :"schema".invoices
 WHERE due_on IS NULL \gset
\echo 'invoices without a due date:' :missing

\copy billing.holidays (day, label) FROM 'holidays_2025.csv' WITH (FORMAT csv, HEADER true)
COMMENT ON COLUMN :"schema".invoices.due_on IS 'Payment due; NULL = due on receipt -- see AR policy';
SELECT set_config('app.migration', :'schema' || '-due-dates', false);
\timing off
