-- migcheck-test: assume-in-transaction
-- == 20240325120000 AddOrdersTotalCheck: migrating =============================
-- add_check_constraint(:orders, "total_cents >= 0", {:name=>"orders_total_cents_non_negative", :validate=>false})
-- expect: missing-lock-timeout
ALTER TABLE "orders" ADD CONSTRAINT orders_total_cents_non_negative CHECK (total_cents >= 0) NOT VALID;
--    -> 0.0027s
-- validate_check_constraint(:orders, {:name=>"orders_total_cents_non_negative"})
-- expect: validating-constraint, statements-after-access-exclusive
ALTER TABLE "orders" VALIDATE CONSTRAINT "orders_total_cents_non_negative";
--    -> 3.5120s
-- == 20240325120000 AddOrdersTotalCheck: migrated (3.5149s) ====================
