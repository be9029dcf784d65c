-- Add internal notes to invoices.
-- Run with: psql -v ON_ERROR_STOP=1 -f add_invoice_notes.sql
SET lock_timeout = '2s';

-- The file ends without COMMIT: when psql exits, the open transaction is
-- rolled back and none of this is applied.
-- expect: uncommitted-transaction
BEGIN;

ALTER TABLE billing.invoices ADD COLUMN internal_note text;
ALTER TABLE billing.invoices ADD COLUMN reminder_sent_at timestamptz;

COMMENT ON COLUMN billing.invoices.internal_note
    IS 'Never shown to the customer';
COMMENT ON COLUMN billing.invoices.reminder_sent_at
    IS 'Last payment reminder e-mail';
