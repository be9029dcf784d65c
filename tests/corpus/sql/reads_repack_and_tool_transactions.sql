-- migcheck-test: assume-in-transaction
-- migcheck-test: pg-version=17
-- A migration tool wraps this file in one transaction.
SET LOCAL lock_timeout = '2s';

-- expect: required-column-no-default
ALTER TABLE authors ADD COLUMN email text NOT NULL;
-- A read of the whole table while its ACCESS EXCLUSIVE lock is held: nobody else can read it.
-- expect: statements-after-access-exclusive
SELECT count(*) FROM authors;
-- Reads of a table created here, of a CTE or of a function are nothing to wait for.
CREATE TABLE author_stats (author_id bigint, books integer);
SELECT count(*) FROM author_stats;
WITH recent AS (SELECT 1 AS n) SELECT n FROM recent;
SELECT * FROM generate_series(1, 3);

-- REPACK (PostgreSQL 19) rewrites under ACCESS EXCLUSIVE unless CONCURRENTLY (and authors is
-- still locked meanwhile).
-- expect: table-rewrite, statements-after-access-exclusive
REPACK books;
REPACK (CONCURRENTLY) books USING INDEX books_pkey;

-- Ending the tool's transaction to build an index outside one, then opening a new one that
-- the tool commits at the end: the trailing BEGIN is not left uncommitted.
-- expect: nested-transaction
COMMIT;
CREATE INDEX CONCURRENTLY ix_books_author_id ON books (author_id);
BEGIN;
