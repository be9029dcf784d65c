-- migcheck-test: pg-version=14
-- Deploy shop:loyalty_points to pg
-- requires: customers

-- the script never commits: when psql exits, PostgreSQL rolls the whole transaction back
-- expect: uncommitted-transaction
BEGIN;

SET LOCAL lock_timeout = '2s';

CREATE TABLE loyalty_ledger (
    id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    customer_id  bigint NOT NULL,
    delta        integer NOT NULL,
    reason       text NOT NULL,
    created_at   timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX loyalty_ledger_customer_id_idx ON loyalty_ledger (customer_id);

COMMENT ON TABLE loyalty_ledger IS 'append-only points movements';

ALTER TABLE customers ADD COLUMN loyalty_points integer NOT NULL DEFAULT 0;

-- (COMMIT missing)
