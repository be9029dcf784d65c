-- migcheck-test: assume-in-transaction
-- == 20240312101500 AddAccountToProjects: migrating ============================
-- add_reference(:projects, :account, {:index=>true, :foreign_key=>true})
-- expect: missing-lock-timeout
ALTER TABLE "projects" ADD "account_id" bigint;
-- expect: index-not-concurrent, statements-after-access-exclusive
CREATE INDEX "index_projects_on_account_id" ON "projects" ("account_id");
-- expect: validating-constraint, statements-after-access-exclusive
ALTER TABLE "projects" ADD CONSTRAINT "fk_rails_3c9d2e7a41" FOREIGN KEY ("account_id") REFERENCES "accounts" ("id");
--    -> 0.0421s
-- == 20240312101500 AddAccountToProjects: migrated (0.0424s) ===================
