-- Expand (glance's ocata_expand01, as SQL): a new column, nullable, no default. Every row
-- the table has holds NULL in it now.
SET lock_timeout = '2s';
ALTER TABLE images ADD COLUMN visibility text;
ALTER TABLE images ADD COLUMN owner_kind text DEFAULT 'user';
ALTER TABLE images ADD COLUMN checksum text;
