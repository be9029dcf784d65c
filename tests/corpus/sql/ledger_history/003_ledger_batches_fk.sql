-- Ledger: link entries to import batches (psql, autocommit).
SET lock_timeout = '3s';

-- ledger_entries.batch_id has no index (see 001 and 002): every DELETE on
-- ledger_batches would scan ledger_entries. The constraint itself is added
-- the safe way (NOT VALID, then VALIDATE in its own transaction).
-- expect: foreign-key-without-index
ALTER TABLE ledger_entries
    ADD CONSTRAINT ledger_entries_batch_id_fkey
    FOREIGN KEY (batch_id) REFERENCES ledger_batches (id) NOT VALID;
ALTER TABLE ledger_entries VALIDATE CONSTRAINT ledger_entries_batch_id_fkey;

-- posted_at is timestamp(0) (001). A longer fractional-seconds precision
-- needs no rewrite (9.2 release notes: same for timestamp and interval).
ALTER TABLE ledger_entries ALTER COLUMN posted_at TYPE timestamp(3) without time zone;

-- memo is varchar(200) since 002. A shorter limit has to check every value:
-- table rewrite.
-- expect: column-type-rewrite
ALTER TABLE ledger_entries ALTER COLUMN memo TYPE varchar(40);

-- ledger_entries is not new in this file, and it has rows.
-- expect: required-column-no-default
ALTER TABLE ledger_entries ADD COLUMN currency char(3) NOT NULL;
