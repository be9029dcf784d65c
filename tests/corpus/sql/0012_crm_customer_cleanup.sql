-- Output of: python manage.py sqlmigrate crm 0012   (Django 4.2)
BEGIN;
--
-- Alter field loyalty_points on customer
--
-- Django spells the int -> bigint change with a USING cast; int -> bigint is not
-- binary coercible, so the table and its indexes are rewritten (ALTER TABLE notes).
-- expect: column-type-rewrite, missing-lock-timeout
ALTER TABLE "crm_customer" ALTER COLUMN "loyalty_points" TYPE bigint USING "loyalty_points"::bigint;
--
-- Remove field fax_number from customer
--
-- expect: drop-column
ALTER TABLE "crm_customer" DROP COLUMN "fax_number" CASCADE;
--
-- Alter field phone on customer
--
-- expect: drop-not-null
ALTER TABLE "crm_customer" ALTER COLUMN "phone" DROP NOT NULL;
--
-- Rename field name on customer to display_name
--
-- expect: rename-column
ALTER TABLE "crm_customer" RENAME COLUMN "name" TO "display_name";
COMMIT;
