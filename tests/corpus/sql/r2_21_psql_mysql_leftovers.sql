-- migcheck-test: pg-version=15
-- ported from the MySQL branch of the project; three MySQL/T-SQL statements were left in by mistake
SET lock_timeout = '2s';

-- MySQL syntax (backticks, MODIFY COLUMN): not PostgreSQL
-- expect: not-postgresql
ALTER TABLE `orders` MODIFY COLUMN `note` TEXT NOT NULL;

-- expect: not-postgresql
ALTER TABLE customers MODIFY phone VARCHAR(32) NULL;

-- T-SQL
-- expect-info: unparsed-statement
EXEC sp_rename 'orders.note', 'customer_note', 'COLUMN';

-- the PostgreSQL spelling; the old type of orders.note is not known from this file: reported as a possible rewrite (RULES column-type-rewrite)
-- expect: column-type-rewrite
ALTER TABLE orders ALTER COLUMN note TYPE text;

-- expect: drop-not-null
ALTER TABLE customers ALTER COLUMN phone DROP NOT NULL;

-- expect: rename-column
ALTER TABLE orders RENAME COLUMN note TO customer_note;

-- MySQL JSON ported literally: PostgreSQL json keeps the text as is
-- expect: json-column
ALTER TABLE orders ADD COLUMN attributes json;
