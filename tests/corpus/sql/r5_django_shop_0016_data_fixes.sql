BEGIN;
--
-- Raw SQL operation
--
UPDATE "shop_product" SET "slug" = lower(regexp_replace("name", '[^a-zA-Z0-9]+', '-', 'g')) WHERE "slug" = '';
--
-- Raw SQL operation
--
DELETE FROM "shop_cartitem" WHERE "quantity" <= 0;
--
-- Raw Python operation
--
-- THIS OPERATION CANNOT BE WRITTEN AS SQL
--
-- Raw SQL operation
--
-- expect: full-table-dml
UPDATE "shop_product" SET "view_count" = 0;
--
-- Raw SQL operation
--
INSERT INTO "shop_currency" ("code", "name") VALUES ('EUR', 'Euro'), ('USD', 'US Dollar') ON CONFLICT ("code") DO NOTHING;
COMMIT;
