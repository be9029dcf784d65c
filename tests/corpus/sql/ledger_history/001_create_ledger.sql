-- Ledger schema, initial version.
-- Run with: psql -v ON_ERROR_STOP=1 -f 001_create_ledger.sql
-- Every table is created in this file: nothing here is a finding.

CREATE TABLE ledger_accounts (
    id          bigint PRIMARY KEY,
    code        varchar(20) NOT NULL UNIQUE,
    opened_on   date NOT NULL DEFAULT current_date
);

CREATE TABLE ledger_batches (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    source      text NOT NULL,
    created_at  timestamptz NOT NULL DEFAULT now()
);

-- The import tool still writes duplicate ids, so the primary key comes later
-- (002); batch_id gets its foreign key in 003.
CREATE TABLE ledger_entries (
    id          bigint NOT NULL,
    account_id  bigint NOT NULL REFERENCES ledger_accounts (id),
    batch_id    bigint,
    amount      integer NOT NULL,
    memo        varchar(50),
    rate        numeric(10, 2),
    posted_at   timestamp(0) without time zone NOT NULL
);

CREATE INDEX ledger_entries_account_id_idx ON ledger_entries (account_id);
CREATE INDEX ledger_entries_posted_at_idx ON ledger_entries (posted_at);
