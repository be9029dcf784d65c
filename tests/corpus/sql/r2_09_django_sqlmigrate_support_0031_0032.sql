-- migcheck-test: pg-version=15
-- python manage.py sqlmigrate support 0031 ; python manage.py sqlmigrate support 0032
-- (Django sets no lock_timeout; each migration is its own transaction block)
BEGIN;
--
-- Add field priority to ticket
--
-- PositiveSmallIntegerField adds an inline CHECK: every existing row is checked under ACCESS EXCLUSIVE
-- expect: missing-lock-timeout, validating-constraint
ALTER TABLE "support_ticket" ADD COLUMN "priority" smallint DEFAULT 0 NOT NULL CHECK ("priority" >= 0);
ALTER TABLE "support_ticket" ALTER COLUMN "priority" DROP DEFAULT;
--
-- Add field tags to ticket
--
-- constant default ('[]'::jsonb is immutable): no rewrite, and jsonb not json
ALTER TABLE "support_ticket" ADD COLUMN "tags" jsonb DEFAULT '[]'::jsonb NOT NULL;
ALTER TABLE "support_ticket" ALTER COLUMN "tags" DROP DEFAULT;
COMMIT;
BEGIN;
--
-- Alter field subject on ticket
--
-- old type not known from this file and a USING clause: reported as a (possible) rewrite per RULES column-type-rewrite
-- expect: missing-lock-timeout, column-type-rewrite
ALTER TABLE "support_ticket" ALTER COLUMN "subject" TYPE varchar(300) USING "subject"::varchar(300);
COMMIT;
