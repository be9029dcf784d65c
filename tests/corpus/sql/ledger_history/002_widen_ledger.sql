-- Ledger: wider columns and a primary key (psql, autocommit).
-- The column types below come from 001_create_ledger.sql.
SET lock_timeout = '3s';

-- amount is integer (001). int -> bigint is not binary coercible: the table
-- and its indexes are rewritten under ACCESS EXCLUSIVE (ALTER TABLE notes).
-- expect: column-type-rewrite
ALTER TABLE ledger_entries ALTER COLUMN amount TYPE bigint;

-- memo is varchar(50) (001). Raising a varchar length limit is binary
-- coercible: no rewrite (ALTER TABLE notes; 9.2 release notes).
ALTER TABLE ledger_entries ALTER COLUMN memo TYPE varchar(200);

-- rate is numeric(10,2) (001). More precision at the same scale: no rewrite
-- (9.2 release notes: "increasing the allowable precision of a numeric column").
ALTER TABLE ledger_entries ALTER COLUMN rate TYPE numeric(14, 2);

-- code is varchar(20) (001). varchar -> text is binary coercible: no rewrite.
ALTER TABLE ledger_accounts ALTER COLUMN code TYPE text;

-- Primary key the safe way: build the unique index concurrently, then attach
-- it with USING INDEX. id is NOT NULL since 001, so there is no NOT NULL scan.
CREATE UNIQUE INDEX CONCURRENTLY ledger_entries_pkey ON ledger_entries (id);
ALTER TABLE ledger_entries
    ADD CONSTRAINT ledger_entries_pkey PRIMARY KEY USING INDEX ledger_entries_pkey;
