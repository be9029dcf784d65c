-- TypeORM migration 1710000000000-UserTenancy: the queries of up(), as logged by `typeorm migration:run`
SET lock_timeout = '2s';
CREATE EXTENSION IF NOT EXISTS "uuid-ossp";
CREATE TABLE "tenant" ("id" uuid NOT NULL DEFAULT uuid_generate_v4(), "name" character varying NOT NULL, "createdAt" TIMESTAMP NOT NULL DEFAULT now(), CONSTRAINT "UQ_56211336b5ff35fd944f2259173" UNIQUE ("name"), CONSTRAINT "PK_da8c6efd67bb301e810e56ac139" PRIMARY KEY ("id"));
ALTER TABLE "user" ADD "tenantId" uuid;
-- expect: add-column-rewrite
ALTER TABLE "user" ADD "publicId" uuid NOT NULL DEFAULT uuid_generate_v4();
-- expect: unique-constraint-without-index
ALTER TABLE "user" ADD CONSTRAINT "UQ_e12875dfb3b1d92d7d7c5377e22" UNIQUE ("email");
-- expect: index-not-concurrent
CREATE INDEX "IDX_685bf353c85f23b6f848e4dcde" ON "user" ("tenantId");
-- expect: validating-constraint
ALTER TABLE "user" ADD CONSTRAINT "FK_685bf353c85f23b6f848e4dcded" FOREIGN KEY ("tenantId") REFERENCES "tenant"("id") ON DELETE NO ACTION ON UPDATE NO ACTION;
-- expect: column-type-rewrite
ALTER TABLE "photo" ALTER COLUMN "views" TYPE bigint;
-- expect: rename-column
ALTER TABLE "photo" RENAME COLUMN "name" TO "title";
-- expect: drop-column
ALTER TABLE "photo" DROP COLUMN "description";
ALTER TABLE "photo" ADD "description" text;
INSERT INTO "migrations"("timestamp", "name") VALUES (1710000000000, 'UserTenancy1710000000000');
