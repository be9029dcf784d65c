-- migcheck-test: assume-in-transaction
-- Flyway V42__shipment_tracking.sql (default pg-version 15; Flyway runs the script in a transaction)
SET lock_timeout = '2s';

-- Flyway already opened a transaction: PostgreSQL ignores this BEGIN with a WARNING
-- expect: nested-transaction
BEGIN;

CREATE TABLE shipment_events (
    id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    shipment_id  bigint NOT NULL,
    status       text NOT NULL,
    occurred_at  timestamptz NOT NULL
);

CREATE INDEX shipment_events_shipment_id_idx ON shipment_events (shipment_id);

ALTER TABLE shipments ADD COLUMN tracking_code text;

-- this COMMIT ends the transaction Flyway opened
-- expect: nested-transaction
COMMIT;
