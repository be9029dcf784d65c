/*
  Warnings:

  - You are about to drop the column `legacyId` on the `User` table. All the data in the column will be lost.
  - A unique constraint covering the columns `[slug]` on the table `Post` will be added. If there are existing duplicate values, this will fail.
  - Added the required column `tenantId` to the `Order` table without a default value. This is not possible if the table is not empty.

*/
-- DropIndex
-- expect: drop-index-not-concurrent, missing-lock-timeout
DROP INDEX "User_legacyId_key";

-- AlterTable
-- expect: drop-column
ALTER TABLE "User" DROP COLUMN "legacyId",
ADD COLUMN     "displayName" TEXT;

-- AlterTable
ALTER TABLE "Post" ADD COLUMN     "slug" TEXT;

-- AlterTable
-- expect: required-column-no-default, add-column-rewrite, column-type-rewrite
ALTER TABLE "Order" ADD COLUMN     "tenantId" INTEGER NOT NULL,
ADD COLUMN     "publicId" UUID NOT NULL DEFAULT gen_random_uuid(),
ALTER COLUMN "total" SET DATA TYPE DECIMAL(12,2);

-- CreateTable
CREATE TABLE "Tenant" (
    "id" SERIAL NOT NULL,
    "name" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Tenant_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
-- expect: index-not-concurrent
CREATE UNIQUE INDEX "Post_slug_key" ON "Post"("slug");

-- CreateIndex
-- expect: index-not-concurrent
CREATE INDEX "Order_tenantId_idx" ON "Order"("tenantId");

-- CreateIndex
CREATE UNIQUE INDEX "Tenant_name_key" ON "Tenant"("name");

-- AddForeignKey
-- expect: validating-constraint
ALTER TABLE "Order" ADD CONSTRAINT "Order_tenantId_fkey" FOREIGN KEY ("tenantId") REFERENCES "Tenant"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- RenameIndex
ALTER INDEX "Post_authorId_idx" RENAME TO "Post_author_id_idx";
