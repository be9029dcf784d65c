BEGIN;
--
-- Alter field title on article
--
-- expect: column-type-rewrite, missing-lock-timeout
ALTER TABLE "blog_article" ALTER COLUMN "title" TYPE varchar(255);
--
-- Alter field teaser on article
--
-- expect: column-type-rewrite, statements-after-access-exclusive
ALTER TABLE "blog_article" ALTER COLUMN "teaser" TYPE varchar(140);
--
-- Rename field pub_date on article to published_at
--
-- expect: rename-column
ALTER TABLE "blog_article" RENAME COLUMN "pub_date" TO "published_at";
--
-- Remove field legacy_markup from article
--
-- expect: drop-column
ALTER TABLE "blog_article" DROP COLUMN "legacy_markup" CASCADE;
COMMIT;
