SET lock_timeout = '2s';
-- Binary-coercible changes: the catalog changes, the table is not rewritten.
ALTER TABLE customers ALTER COLUMN email TYPE varchar(255);
ALTER TABLE customers ALTER COLUMN name TYPE text;
ALTER TABLE customers ALTER COLUMN balance TYPE numeric(14, 2);
ALTER TABLE customers ALTER COLUMN created_at TYPE timestamp(6);
ALTER TABLE customers ALTER COLUMN note TYPE varchar;
-- A USING that only casts to the new type does not change the contents: no rewrite either.
ALTER TABLE customers ALTER COLUMN nickname TYPE text USING nickname::text;
ALTER TABLE customers ALTER COLUMN aliases TYPE varchar[];

-- expect: column-type-rewrite
ALTER TABLE customers ALTER COLUMN id TYPE bigint;
-- expect: column-type-rewrite
ALTER TABLE customers ALTER COLUMN external_ref TYPE varchar(20);
-- expect: column-type-rewrite
ALTER TABLE customers ALTER COLUMN balance TYPE numeric(14, 4);
-- expect: column-type-rewrite
ALTER TABLE customers ALTER COLUMN created_at TYPE timestamptz;
-- expect: column-type-rewrite
ALTER TABLE customers ALTER COLUMN login_count TYPE bigint;
-- expect: column-type-rewrite
ALTER TABLE customers ALTER COLUMN nickname TYPE text USING lower(nickname);
-- Arrays are converted element by element.
-- expect: column-type-rewrite
ALTER TABLE customers ALTER COLUMN tags TYPE varchar(40)[];
