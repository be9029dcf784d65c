-- Billing: enforce the relationships the application already assumes.
-- Run with: psql -v ON_ERROR_STOP=1 -f V3_4__billing_fk_hardening.sql
-- (autocommit: each statement commits on its own unless inside BEGIN/COMMIT)
SET lock_timeout = '3s';

-- Index the referencing columns first (concurrently).
CREATE INDEX CONCURRENTLY IF NOT EXISTS invoices_customer_id_idx
    ON billing.invoices (customer_id);
CREATE INDEX CONCURRENTLY IF NOT EXISTS invoice_lines_invoice_id_idx
    ON billing.invoice_lines (invoice_id);

-- Safe: NOT VALID skips the scan of existing rows; VALIDATE CONSTRAINT, in its
-- own transaction, takes only SHARE UPDATE EXCLUSIVE (ALTER TABLE docs).
ALTER TABLE billing.invoices
    ADD CONSTRAINT invoices_customer_id_fkey
    FOREIGN KEY (customer_id) REFERENCES billing.customers (id) NOT VALID;
ALTER TABLE billing.invoices VALIDATE CONSTRAINT invoices_customer_id_fkey;

-- Validating in the same transaction as the NOT VALID addition keeps the
-- SHARE ROW EXCLUSIVE lock of ADD FOREIGN KEY for the whole scan. (ADD FOREIGN
-- KEY is SHARE ROW EXCLUSIVE, not ACCESS EXCLUSIVE: ALTER TABLE docs.)
BEGIN;
ALTER TABLE billing.invoice_lines
    ADD CONSTRAINT invoice_lines_invoice_id_fkey
    FOREIGN KEY (invoice_id) REFERENCES billing.invoices (id) ON DELETE CASCADE NOT VALID;
-- expect: validating-constraint
ALTER TABLE billing.invoice_lines VALIDATE CONSTRAINT invoice_lines_invoice_id_fkey;
COMMIT;

-- ADD CHECK (even NOT VALID) takes ACCESS EXCLUSIVE; validating right after,
-- in the same transaction, scans the table while that lock is held.
BEGIN;
ALTER TABLE billing.invoices
    ADD CONSTRAINT invoices_total_nonnegative CHECK (total_cents >= 0) NOT VALID;
-- expect: validating-constraint, statements-after-access-exclusive
ALTER TABLE billing.invoices VALIDATE CONSTRAINT invoices_total_nonnegative;
COMMIT;

-- A CHECK added without NOT VALID scans every row under ACCESS EXCLUSIVE.
-- expect: validating-constraint
ALTER TABLE billing.credit_notes
    ADD CONSTRAINT credit_notes_amount_positive CHECK (amount_cents > 0);
