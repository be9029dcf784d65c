-- migcheck-test: pg-version=10
-- Before PostgreSQL 11 every non-NULL default is written into every row.
SET lock_timeout = '2s';
-- expect: add-column-rewrite
ALTER TABLE orders ADD COLUMN currency char(3) NOT NULL DEFAULT 'EUR';
-- expect: add-column-rewrite
ALTER TABLE users ADD COLUMN is_staff boolean DEFAULT false;
-- expect: add-column-rewrite
ALTER TABLE orders ADD COLUMN placed_at timestamptz DEFAULT now();
ALTER TABLE orders ADD COLUMN note text;
ALTER TABLE orders ADD COLUMN gift_wrap boolean DEFAULT NULL;
