-- migcheck-test: assume-in-transaction
-- Flyway V97. Flyway already runs each versioned migration in a transaction;
-- the author added BEGIN/COMMIT out of habit.
SET lock_timeout = '5s';

-- Already inside Flyway's transaction: PostgreSQL ignores this BEGIN with a
-- WARNING (BEGIN docs).
-- expect: nested-transaction
BEGIN;

ALTER TABLE loyalty.accounts ADD COLUMN tier_code text;

-- Every row, in the same transaction as the schema change, while ACCESS
-- EXCLUSIVE on loyalty.accounts is held.
-- expect: full-table-dml, mixed-schema-and-data, statements-after-access-exclusive
UPDATE loyalty.accounts SET tier_code = 'basic';

-- This COMMIT ends Flyway's own transaction early.
-- expect: nested-transaction
COMMIT;
