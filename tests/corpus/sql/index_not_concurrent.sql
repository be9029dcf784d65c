-- Indexes for the new order search screen.
SET lock_timeout = '2s';

CREATE TABLE order_notes (
    id bigserial PRIMARY KEY,
    order_id bigint NOT NULL,
    body text NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now()
);
-- A table created earlier in this file is empty: a plain CREATE INDEX is fine.
CREATE INDEX ix_order_notes_order_id ON order_notes (order_id);
CREATE INDEX ix_order_notes_created_at ON order_notes USING brin (created_at);

-- expect: index-not-concurrent
CREATE INDEX ix_orders_status ON orders (status);

-- expect: index-not-concurrent
CREATE UNIQUE INDEX IF NOT EXISTS ux_users_email
    ON users (lower(email));

-- expect: index-not-concurrent
CREATE INDEX ix_payments_pending ON public.payments (created_at) WHERE status = 'pending';

-- expect: index-not-concurrent
create index ix_invoices_customer on billing.invoices (customer_id, issued_on desc);

-- The safe way: CONCURRENTLY, outside a transaction block (psql autocommit).
CREATE INDEX CONCURRENTLY ix_orders_user_id ON orders (user_id);
CREATE INDEX CONCURRENTLY IF NOT EXISTS ix_invoices_due_on ON billing.invoices USING btree (due_on);
CREATE UNIQUE INDEX CONCURRENTLY ux_products_sku ON products (sku) WHERE deleted_at IS NULL;
