-- Contract: the values were to come from a script run between the two files (glance-manage
-- in glance's case); nothing here fills visibility, so NOT NULL fails on any row left NULL.
SET lock_timeout = '2s';
-- expect: not-null-on-empty-column, set-not-null-scan
ALTER TABLE images ALTER COLUMN visibility SET NOT NULL;
-- A server default filled the existing rows when the column was added.
-- expect: set-not-null-scan
ALTER TABLE images ALTER COLUMN owner_kind SET NOT NULL;
-- A DO block may fill anything (a batched backfill, as `migcheck rename` writes it).
-- expect-info: unparsed-statement
DO $$ BEGIN UPDATE images SET checksum = md5(id::text) WHERE checksum IS NULL; END $$;
-- expect: set-not-null-scan
ALTER TABLE images ALTER COLUMN checksum SET NOT NULL;
