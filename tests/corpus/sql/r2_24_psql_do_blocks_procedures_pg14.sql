-- migcheck-test: pg-version=14
-- invoicing: state enum, grants and a batched backfill procedure
-- the dollar-quoted bodies contain BEGIN, COMMIT, UPDATE and semicolons: they are not top-level statements
SET lock_timeout = '2s';

DO $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_type WHERE typname = 'invoice_state') THEN
        CREATE TYPE invoice_state AS ENUM ('draft', 'open', 'paid', 'void');
    END IF;
END
$$;

ALTER TABLE invoices ADD COLUMN IF NOT EXISTS state invoice_state;

DO $grant$
BEGIN
    IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'reporting') THEN
        EXECUTE 'GRANT SELECT ON invoices TO reporting';
    END IF;
END
$grant$ LANGUAGE plpgsql;

-- PG 11+ procedures may COMMIT between batches when CALLed outside a transaction block
CREATE OR REPLACE PROCEDURE backfill_invoice_state(batch_size integer DEFAULT 5000)
LANGUAGE plpgsql
AS $proc$
DECLARE
    n integer;
BEGIN
    LOOP
        UPDATE invoices SET state = 'open'
        WHERE id IN (SELECT id FROM invoices WHERE state IS NULL LIMIT batch_size);
        GET DIAGNOSTICS n = ROW_COUNT;
        EXIT WHEN n = 0;
        COMMIT;
    END LOOP;
END
$proc$;

-- expect: rename-column
ALTER TABLE invoices RENAME COLUMN status_text TO legacy_status_text;

CALL backfill_invoice_state(10000);
