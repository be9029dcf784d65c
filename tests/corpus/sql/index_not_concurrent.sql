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

-- Partitioned tables: an index ON ONLY the parent is created invalid and builds nothing; each
-- partition is indexed concurrently and attached.
CREATE INDEX ix_events_created_at ON ONLY events (created_at);
CREATE INDEX CONCURRENTLY ix_events_2024_created_at ON events_2024 (created_at);
ALTER INDEX ix_events_created_at ATTACH PARTITION ix_events_2024_created_at;

-- A materialized view created in this file is new, like a table.
CREATE MATERIALIZED VIEW daily_sales AS
    SELECT date_trunc('day', created_at) AS day, sum(total_cents) AS total FROM orders GROUP BY 1;
CREATE UNIQUE INDEX ux_daily_sales_day ON daily_sales (day);
