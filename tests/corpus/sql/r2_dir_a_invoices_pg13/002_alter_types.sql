-- migcheck-test: pg-version=13
-- invoices now exists (created by 001): type changes judged against the model's old types
SET lock_timeout = '2s';

-- ALTER TABLE notes: binary-coercible changes skip the table rewrite
-- varchar(32) -> varchar(64)
ALTER TABLE invoices ALTER COLUMN number TYPE varchar(64);
-- varchar(200) -> text
ALTER TABLE invoices ALTER COLUMN memo TYPE text;
-- numeric(10,2) -> numeric(14,2): more precision, same scale
ALTER TABLE invoices ALTER COLUMN amount TYPE numeric(14,2);
-- timestamp(3) -> timestamp(6): longer precision
ALTER TABLE invoices ALTER COLUMN issued_at TYPE timestamp(6);
-- cidr -> inet
ALTER TABLE invoices ALTER COLUMN client_ip TYPE inet;

-- integer -> bigint: different storage, rewrite (and index rebuild)
-- expect: column-type-rewrite
ALTER TABLE invoices ALTER COLUMN customer_ref TYPE bigint;
-- text -> varchar(40): every value must be checked/coerced
-- expect: column-type-rewrite
ALTER TABLE invoices ALTER COLUMN po_number TYPE varchar(40);
-- numeric(6,4) -> numeric(6,2): scale change
-- expect: column-type-rewrite
ALTER TABLE invoices ALTER COLUMN tax_rate TYPE numeric(6,2);
-- USING that changes the stored values
-- expect: column-type-rewrite
ALTER TABLE invoices ALTER COLUMN amount_cents TYPE numeric(12,2) USING amount_cents / 100.0;
-- timestamp -> timestamptz: no rewrite only when the session TimeZone is UTC (PG 12+); not set in this file
-- expect: column-type-rewrite
ALTER TABLE invoices ALTER COLUMN due_at TYPE timestamptz;

-- for 003: a CHECK added NOT VALID, then validated in its own (autocommit) transaction
ALTER TABLE invoices ADD CONSTRAINT invoices_approved_by_nn CHECK (approved_by IS NOT NULL) NOT VALID;
ALTER TABLE invoices VALIDATE CONSTRAINT invoices_approved_by_nn;

-- for 003: added NOT VALID only
ALTER TABLE invoices ADD CONSTRAINT invoices_notes_nn CHECK (notes IS NOT NULL) NOT VALID;
