-- migcheck-test: pg-version=11
-- shipping service, hand-written psql migration (server still on 11)
SET lock_timeout = '2s';
SET statement_timeout = '15min';

CREATE EXTENSION IF NOT EXISTS pgcrypto;

ALTER TABLE shipments ADD CONSTRAINT shipments_carrier_id_nn CHECK (carrier_id IS NOT NULL) NOT VALID;
ALTER TABLE shipments VALIDATE CONSTRAINT shipments_carrier_id_nn;

-- PG 11 still scans: skipping the scan thanks to a valid CHECK arrived in PG 12 (PG 12 release notes, ALTER TABLE SET NOT NULL)
-- expect: set-not-null-scan
ALTER TABLE shipments ALTER COLUMN carrier_id SET NOT NULL;

ALTER TABLE shipments DROP CONSTRAINT shipments_carrier_id_nn;

-- PG 11: constant default, no rewrite (ALTER TABLE notes)
ALTER TABLE shipments ADD COLUMN insured boolean NOT NULL DEFAULT false;

-- gen_random_uuid() (pgcrypto here) is volatile: every row gets its own value, table rewritten
-- expect: add-column-rewrite
ALTER TABLE shipments ADD COLUMN public_id uuid NOT NULL DEFAULT gen_random_uuid();

-- expect: required-column-no-default
ALTER TABLE shipments ADD COLUMN weight_grams integer NOT NULL;
