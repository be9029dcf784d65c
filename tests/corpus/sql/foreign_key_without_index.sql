SET lock_timeout = '2s';
-- orders was created before this file: its indexes are unknown, so nothing is claimed about them
-- (see foreign_key_without_index_history/ for the case where the schema model knows).
ALTER TABLE orders ADD CONSTRAINT fk_orders_coupon FOREIGN KEY (coupon_id) REFERENCES coupons (id) NOT VALID;

CREATE INDEX CONCURRENTLY ix_payments_invoice_id ON payments (invoice_id);
ALTER TABLE payments
    ADD CONSTRAINT fk_payments_invoice FOREIGN KEY (invoice_id) REFERENCES invoices (id) NOT VALID;

-- expect: foreign-key-without-index
CREATE TABLE refunds (
    id bigserial PRIMARY KEY,
    payment_id bigint NOT NULL REFERENCES payments (id),
    amount_cents integer NOT NULL
);

-- The primary key's leading column indexes the foreign key.
CREATE TABLE order_tags (
    order_id bigint NOT NULL REFERENCES orders (id),
    tag text NOT NULL,
    PRIMARY KEY (order_id, tag)
);

-- An index created later in the same file counts.
CREATE TABLE shipments (
    id bigserial PRIMARY KEY,
    order_id bigint NOT NULL,
    CONSTRAINT fk_shipments_order FOREIGN KEY (order_id) REFERENCES orders (id)
);
CREATE INDEX ix_shipments_order_id ON shipments (order_id);
