-- migcheck-test: pg-version=15
-- procurement: vendor VAT data; the author thought BEGIN/COMMIT nest
SET lock_timeout = '2s';

BEGIN;
ALTER TABLE vendors ADD COLUMN vat_id text;

-- WARNING: there is already a transaction in progress (the BEGIN is ignored)
-- expect: nested-transaction
BEGIN;
CREATE TABLE vendor_contacts (
    id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    vendor_id  bigint NOT NULL,
    email      text NOT NULL
);
CREATE INDEX vendor_contacts_vendor_id_idx ON vendor_contacts (vendor_id);
-- this commits the outer transaction too
COMMIT;

ALTER TABLE vendors ADD COLUMN vat_verified_at timestamptz;
COMMIT;
