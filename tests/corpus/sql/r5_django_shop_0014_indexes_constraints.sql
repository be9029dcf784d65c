BEGIN;
--
-- Create index shop_order_status_created_idx on field(s) status, -created_at of model order
--
-- expect: index-not-concurrent, missing-lock-timeout
CREATE INDEX "shop_order_status_created_idx" ON "shop_order" ("status", "created_at" DESC);
--
-- Create constraint order_total_non_negative on model order
--
-- expect: validating-constraint
ALTER TABLE "shop_order" ADD CONSTRAINT "order_total_non_negative" CHECK ("total" >= 0);
--
-- Create constraint uniq_open_cart_per_user on model cart
--
-- expect: index-not-concurrent, statements-after-access-exclusive
CREATE UNIQUE INDEX "uniq_open_cart_per_user" ON "shop_cart" ("user_id") WHERE "status" = 'open';
--
-- Create constraint uniq_cart_token on model cart
--
-- expect: unique-constraint-without-index, statements-after-access-exclusive
ALTER TABLE "shop_cart" ADD CONSTRAINT "uniq_cart_token" UNIQUE ("token");
COMMIT;
