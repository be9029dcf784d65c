-- Output of: python manage.py sqlmigrate accounts 0031   (Django 4.2)
-- Our sqlmigrate wrapper (core/management/commands/sqlmigrate.py) prepends
-- SET LOCAL lock_timeout to every atomic migration.
BEGIN;
SET LOCAL lock_timeout = '4s';
--
-- Alter field email on user
--
-- ADD CONSTRAINT ... UNIQUE builds a unique index while ACCESS EXCLUSIVE is
-- held (ALTER TABLE: most ADD table_constraint forms take ACCESS EXCLUSIVE).
-- expect: unique-constraint-without-index
ALTER TABLE "accounts_user" ADD CONSTRAINT "accounts_user_email_b2644a56_uniq" UNIQUE ("email");
-- expect: index-not-concurrent, statements-after-access-exclusive
CREATE INDEX "accounts_user_email_b2644a56_like" ON "accounts_user" ("email" varchar_pattern_ops);
COMMIT;
