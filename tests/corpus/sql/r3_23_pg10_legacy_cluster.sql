-- migcheck-test: pg-version=10
-- Billing cluster still on PostgreSQL 10: defaults, enum values and SET NOT NULL behave as before 11/12.
SET lock_timeout = '2s';

-- before PostgreSQL 11 every non-NULL default fills (rewrites) the table, even a constant
-- expect: add-column-rewrite
ALTER TABLE invoices ADD COLUMN currency char(3) NOT NULL DEFAULT 'EUR';
-- expect: add-column-rewrite
ALTER TABLE invoices ADD COLUMN imported_at timestamptz DEFAULT now();
ALTER TABLE invoices ADD COLUMN remarks text DEFAULT NULL;

BEGIN;
-- expect: non-transactional-statement
ALTER TYPE invoice_state ADD VALUE 'disputed' AFTER 'sent';
COMMIT;
ALTER TYPE invoice_state ADD VALUE IF NOT EXISTS 'written_off';

-- validated CHECK first: SET NOT NULL only uses it from PostgreSQL 12 on
ALTER TABLE invoices ADD CONSTRAINT invoices_customer_nn CHECK (customer_id IS NOT NULL) NOT VALID;
ALTER TABLE invoices VALIDATE CONSTRAINT invoices_customer_nn;
-- expect: set-not-null-scan
ALTER TABLE invoices ALTER COLUMN customer_id SET NOT NULL;

-- DETACH PARTITION ... CONCURRENTLY does not exist before 14
ALTER TABLE invoice_lines DETACH PARTITION invoice_lines_2019;
