BEGIN;
--
-- Add field currency to order
--
-- expect: required-column-no-default, missing-lock-timeout
ALTER TABLE "shop_order" ADD COLUMN "currency" varchar(3) NOT NULL;
--
-- Add field is_gift to order
--
ALTER TABLE "shop_order" ADD COLUMN "is_gift" boolean DEFAULT false NOT NULL;
ALTER TABLE "shop_order" ALTER COLUMN "is_gift" DROP DEFAULT;
--
-- Add field placed_at to order
--
ALTER TABLE "shop_order" ADD COLUMN "placed_at" timestamp with time zone DEFAULT '2024-05-14T09:12:44.518003+00:00'::timestamptz NOT NULL;
ALTER TABLE "shop_order" ALTER COLUMN "placed_at" DROP DEFAULT;
--
-- Add field gift_message to order
--
ALTER TABLE "shop_order" ADD COLUMN "gift_message" text DEFAULT '' NOT NULL;
ALTER TABLE "shop_order" ALTER COLUMN "gift_message" DROP DEFAULT;
--
-- Add field updated_at to order
--
ALTER TABLE "shop_order" ADD COLUMN "updated_at" timestamp with time zone DEFAULT (STATEMENT_TIMESTAMP()) NOT NULL;
--
-- Add field token to order
--
-- expect: add-column-rewrite, statements-after-access-exclusive
ALTER TABLE "shop_order" ADD COLUMN "token" uuid DEFAULT (GEN_RANDOM_UUID()) NOT NULL;
COMMIT;
