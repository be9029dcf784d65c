SET lock_timeout = '2s';

-- Idempotent enum creation (CREATE TYPE has no IF NOT EXISTS): a DO block that changes no
-- table is not reported.
DO $$
BEGIN
    CREATE TYPE public.payment_state AS ENUM ('authorized', 'captured', 'refunded');
EXCEPTION
    WHEN duplicate_object THEN NULL;   -- already there; nothing to do
END
$$;

-- Add tenant_id to every table of schema app that lacks it (dynamic: not visible to a static linter).
-- expect-info: unparsed-statement
DO LANGUAGE plpgsql $do$
DECLARE
    t record;
BEGIN
    FOR t IN
        SELECT c.table_schema, c.table_name
          FROM information_schema.tables c
         WHERE c.table_schema = 'app' AND c.table_type = 'BASE TABLE' AND c.table_name <> 'tenants'
           AND NOT EXISTS (SELECT 1 FROM information_schema.columns k
                            WHERE k.table_schema = c.table_schema
                              AND k.table_name = c.table_name
                              AND k.column_name = 'tenant_id')
    LOOP
        EXECUTE format('ALTER TABLE %I.%I ADD COLUMN tenant_id bigint', t.table_schema, t.table_name);
        RAISE NOTICE 'added tenant_id to %.%; backfill pending', t.table_schema, t.table_name;
    END LOOP;
END
$do$;

CREATE TABLE IF NOT EXISTS app.payments (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    state public.payment_state NOT NULL DEFAULT 'authorized',
    amount_cents bigint NOT NULL CHECK (amount_cents > 0),
    tenant_id bigint NOT NULL
);
CREATE INDEX IF NOT EXISTS payments_tenant_id_idx ON app.payments (tenant_id);

-- expect-info: unparsed-statement
DO $$ BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_constraint WHERE conname = 'invoices_tenant_fk') THEN
    ALTER TABLE app.invoices ADD CONSTRAINT invoices_tenant_fk
        FOREIGN KEY (tenant_id) REFERENCES app.tenants (id) NOT VALID;
  END IF;
END $$;

-- expect: validating-constraint
ALTER TABLE app.invoices ADD CONSTRAINT invoices_amount_positive CHECK (amount_cents > 0);
