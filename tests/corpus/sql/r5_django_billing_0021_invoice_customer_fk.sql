BEGIN;
--
-- Raw SQL operation
--
SET LOCAL lock_timeout = '5s';
--
-- Alter field customer on invoice
--
-- expect: rename-column
ALTER TABLE "billing_invoice" RENAME COLUMN "customer" TO "customer_id";
-- expect: column-type-rewrite, statements-after-access-exclusive
ALTER TABLE "billing_invoice" ALTER COLUMN "customer_id" TYPE bigint USING "customer_id"::bigint;
-- expect: index-not-concurrent, statements-after-access-exclusive
CREATE INDEX "billing_invoice_customer_id_5bb1b8ad" ON "billing_invoice" ("customer_id");
-- expect: validating-constraint, statements-after-access-exclusive
ALTER TABLE "billing_invoice" ADD CONSTRAINT "billing_invoice_customer_id_5bb1b8ad_fk_billing_customer_id" FOREIGN KEY ("customer_id") REFERENCES "billing_customer" ("id") DEFERRABLE INITIALLY DEFERRED;
--
-- Add field issued_by to invoice
--
-- expect: validating-constraint, statements-after-access-exclusive
ALTER TABLE "billing_invoice" ADD COLUMN "issued_by_id" integer NULL CONSTRAINT "billing_invoice_issued_by_id_0c1f6f52_fk_auth_user_id" REFERENCES "auth_user"("id") DEFERRABLE INITIALLY DEFERRED; SET CONSTRAINTS "billing_invoice_issued_by_id_0c1f6f52_fk_auth_user_id" IMMEDIATE;
-- expect: index-not-concurrent, statements-after-access-exclusive
CREATE INDEX "billing_invoice_issued_by_id_0c1f6f52" ON "billing_invoice" ("issued_by_id");
COMMIT;
