-- migcheck-test: assume-in-transaction
-- == 20240402151020 RenamePostsTitleToHeadline: migrating ======================
-- rename_column(:posts, :title, :headline)
-- expect: rename-column, missing-lock-timeout
ALTER TABLE "posts" RENAME COLUMN "title" TO "headline";
ALTER INDEX "index_posts_on_title" RENAME TO "index_posts_on_headline";
--    -> 0.0052s
-- == 20240402151020 RenamePostsTitleToHeadline: migrated (0.0054s) =============
