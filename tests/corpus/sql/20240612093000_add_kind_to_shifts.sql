-- db/migrate/20240612093000_add_kind_to_shifts.rb executes this file with
-- `execute File.read(...)` and disable_ddl_transaction!, so the SQL manages
-- its own transactions (psql semantics).

BEGIN;
SET LOCAL lock_timeout = '3s';
ALTER TABLE hr.shifts ADD COLUMN kind text;
-- The backfill runs while ADD COLUMN's ACCESS EXCLUSIVE lock on hr.shifts is
-- still held, in the same transaction as the schema change.
-- expect: mixed-schema-and-data, statements-after-access-exclusive
UPDATE hr.shifts SET kind = 'regular' WHERE kind IS NULL;
COMMIT;

-- SET LOCAL lasted only until the COMMIT above (SET docs: "the effects of
-- SET LOCAL last only till the end of the current transaction"), so this
-- statement has no lock_timeout. It also builds a GiST exclusion index on an
-- existing table under ACCESS EXCLUSIVE.
-- expect: exclusion-constraint, missing-lock-timeout
ALTER TABLE hr.shifts
    ADD CONSTRAINT shifts_no_double_booking
    EXCLUDE USING gist (employee_id WITH =, period WITH &&);
