--
-- Concurrently create index shop_order_customer_placed_idx on field(s) customer, placed_at of model order
--
CREATE INDEX CONCURRENTLY "shop_order_customer_placed_idx" ON "shop_order" ("customer_id", "placed_at");
--
-- Concurrently remove index shop_order_customer_idx from order
--
DROP INDEX CONCURRENTLY IF EXISTS "shop_order_customer_idx";
--
-- Concurrently create index shop_product_name_trgm on OpClass(F(name), name=gin_trgm_ops) of model product
--
CREATE INDEX CONCURRENTLY "shop_product_name_trgm" ON "shop_product" USING gin ("name" gin_trgm_ops);
--
-- Add field channel to order
--
-- expect: missing-lock-timeout
ALTER TABLE "shop_order" ADD COLUMN "channel" varchar(20) NULL;
