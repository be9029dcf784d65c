SET lock_timeout = '2s';
-- expect: unique-constraint-without-index
ALTER TABLE invoices ADD CONSTRAINT uq_invoices_number UNIQUE (number);
-- A primary key also sets NOT NULL on its columns: a scan unless they already are (unknown here).
-- expect: unique-constraint-without-index, set-not-null-scan
ALTER TABLE order_items ADD PRIMARY KEY (id);
-- expect: unique-constraint-without-index
ALTER TABLE users ADD COLUMN api_key text UNIQUE;

-- Build the index without blocking writes, then attach it: instant.
CREATE UNIQUE INDEX CONCURRENTLY uq_products_sku ON products (sku);
ALTER TABLE products ADD CONSTRAINT uq_products_sku UNIQUE USING INDEX uq_products_sku;
CREATE UNIQUE INDEX CONCURRENTLY coupons_pkey_idx ON coupons (id);
-- Instant for the index; the NOT NULL it sets on coupons.id (unknown here) scans the table.
-- expect: set-not-null-scan
ALTER TABLE coupons ADD CONSTRAINT coupons_pkey PRIMARY KEY USING INDEX coupons_pkey_idx;

CREATE TABLE gift_cards (id bigint NOT NULL, code text NOT NULL);
ALTER TABLE gift_cards ADD CONSTRAINT pk_gift_cards PRIMARY KEY (id);
ALTER TABLE gift_cards ADD CONSTRAINT uq_gift_cards_code UNIQUE (code);
