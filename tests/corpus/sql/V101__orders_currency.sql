-- migcheck-test: assume-in-transaction
-- Flyway V101: multi-currency support for orders.
-- Flyway runs this whole file inside one transaction.

SET lock_timeout = '5s';
SET statement_timeout = '30s';

-- Safe since PG 11: with a non-volatile DEFAULT the value is evaluated once and
-- stored in the table's metadata, so existing rows are not rewritten
-- (ALTER TABLE notes on ADD COLUMN).
ALTER TABLE public.orders
    ADD COLUMN currency char(3) NOT NULL DEFAULT 'EUR';

-- Safe: now() is STABLE, not VOLATILE. It is evaluated once at ALTER time and
-- stored like a constant (ALTER TABLE notes; "Function Volatility Categories").
ALTER TABLE public.orders
    ADD COLUMN priced_at timestamptz NOT NULL DEFAULT now();

-- The statements below also take ACCESS EXCLUSIVE on public.orders, but the
-- transaction already holds that lock and they only change the catalog:
-- no scan, no rewrite, no wait on another table.
alter table public.orders add column fx_rate numeric(12, 6);
alter table public.orders add column if not exists is_gift boolean default false;

COMMENT ON COLUMN public.orders.currency IS 'ISO 4217 currency code';
COMMENT ON COLUMN public.orders.fx_rate IS 'Rate to EUR at pricing time';
