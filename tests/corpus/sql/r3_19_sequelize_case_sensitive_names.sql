-- Sequelize migrations 20250302-create-users.js and 20250303-link-orders.js: SQL captured from
-- the "Executing (default): ..." log lines. The lowercase users table (unquoted name) belongs to
-- the old PHP application: it is a different, existing table, not "Users".
SET lock_timeout = '2s';
-- expect: json-column
CREATE TABLE IF NOT EXISTS "Users" ("id"   SERIAL , "email" VARCHAR(255) NOT NULL UNIQUE, "profile" JSON, "createdAt" TIMESTAMP WITH TIME ZONE NOT NULL, "updatedAt" TIMESTAMP WITH TIME ZONE NOT NULL, PRIMARY KEY ("id"));
CREATE INDEX "users_created_at" ON "Users" ("createdAt");
-- expect: index-not-concurrent
CREATE INDEX "users_legacy_email" ON users (email);
-- expect: validating-constraint
ALTER TABLE "Orders" ADD COLUMN "UserId" INTEGER REFERENCES "Users" ("id") ON DELETE SET NULL ON UPDATE CASCADE;
CREATE INDEX CONCURRENTLY "orders_user_id" ON "Orders" ("UserId");
ALTER TABLE "Users" ADD COLUMN "legacyUserId" INTEGER NOT NULL;
INSERT INTO "SequelizeMeta" ("name") VALUES ('20250302-create-users.js'),('20250303-link-orders.js') RETURNING "name";
