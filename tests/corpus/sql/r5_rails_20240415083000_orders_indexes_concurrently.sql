-- == 20240415083000 AddOrdersIndexesConcurrently: migrating ====================
-- (class AddOrdersIndexesConcurrently < ActiveRecord::Migration[7.1]; disable_ddl_transaction!)
-- add_index(:orders, :status, {:algorithm=>:concurrently})
CREATE INDEX CONCURRENTLY "index_orders_on_status" ON "orders" ("status");
--    -> 12.0411s
-- add_index(:orders, :user_id, {:algorithm=>:concurrently, :if_not_exists=>true})
CREATE INDEX CONCURRENTLY IF NOT EXISTS "index_orders_on_user_id" ON "orders" ("user_id");
--    -> 9.8820s
-- remove_index(:orders, :state, {:algorithm=>:concurrently})
DROP INDEX CONCURRENTLY "index_orders_on_state";
--    -> 0.0213s
-- add_foreign_key(:orders, :users, {:validate=>false})
-- expect: missing-lock-timeout
ALTER TABLE "orders" ADD CONSTRAINT "fk_rails_f868b47f6a" FOREIGN KEY ("user_id") REFERENCES "users" ("id") NOT VALID;
--    -> 0.0040s
-- validate_foreign_key(:orders, :users)
ALTER TABLE "orders" VALIDATE CONSTRAINT "fk_rails_f868b47f6a";
--    -> 4.1022s
INSERT INTO "schema_migrations" ("version") VALUES ('20240415083000') RETURNING "version";
-- == 20240415083000 AddOrdersIndexesConcurrently: migrated (26.0530s) ==========
