-- migcheck-test: assume-in-transaction
-- == 20240318094512 RequireUserLocale: migrating ===============================
-- change_column_default(:users, :locale, {:from=>nil, :to=>"en"})
-- expect: missing-lock-timeout
ALTER TABLE "users" ALTER COLUMN "locale" SET DEFAULT 'en';
--    -> 0.0031s
-- change_column_null(:users, :locale, false, "en")
-- expect: mixed-schema-and-data, statements-after-access-exclusive
UPDATE "users" SET "locale"='en' WHERE "locale" IS NULL;
-- expect: set-not-null-scan, statements-after-access-exclusive
ALTER TABLE "users" ALTER COLUMN "locale" SET NOT NULL;
--    -> 1.2871s
-- == 20240318094512 RequireUserLocale: migrated (1.2905s) ======================
