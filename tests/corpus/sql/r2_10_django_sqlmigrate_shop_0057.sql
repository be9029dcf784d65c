-- migcheck-test: pg-version=15
-- python manage.py sqlmigrate shop 0057   (Django sets no lock_timeout)
BEGIN;
--
-- Create constraint order_total_non_negative on model order
--
-- CheckConstraint without NOT VALID: every existing row is checked while ACCESS EXCLUSIVE is held
-- expect: missing-lock-timeout, validating-constraint
ALTER TABLE "shop_order" ADD CONSTRAINT "order_total_non_negative" CHECK ("total" >= 0);
--
-- Rename field note on order to customer_note
--
-- expect: rename-column
ALTER TABLE "shop_order" RENAME COLUMN "note" TO "customer_note";
--
-- Alter field status on order
--
-- only the default changes: catalog-only
ALTER TABLE "shop_order" ALTER COLUMN "status" SET DEFAULT 'new';
--
-- Create index shop_order_created_7f3e21_idx on F(created_at) DESC on model order
--
-- built while shop_order is still ACCESS EXCLUSIVE locked by the ALTERs above
-- expect: index-not-concurrent, statements-after-access-exclusive
CREATE INDEX "shop_order_created_7f3e21_idx" ON "shop_order" ("created_at" DESC);
COMMIT;
