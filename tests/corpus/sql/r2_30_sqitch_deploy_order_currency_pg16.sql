-- migcheck-test: pg-version=16
-- Deploy shop:order_currency to pg
-- requires: orders
SET lock_timeout = '2s';

BEGIN;
ALTER TABLE orders ADD COLUMN currency char(3);
ALTER TABLE orders ALTER COLUMN currency SET DEFAULT 'EUR';
-- backfill in the schema transaction: orders stays ACCESS EXCLUSIVE locked while every row is updated
-- expect: mixed-schema-and-data, statements-after-access-exclusive, full-table-dml
UPDATE orders SET currency = 'EUR';
COMMIT;

BEGIN;
-- data change on an existing table, schema change only on a table created in this transaction: not mixed
UPDATE order_lines SET currency = 'EUR' WHERE currency IS NULL AND order_id < 100000;
CREATE TABLE currency_names (
    code  char(3) PRIMARY KEY,
    name  text NOT NULL
);
INSERT INTO currency_names (code, name) VALUES ('EUR', 'Euro'), ('USD', 'US dollar');
COMMIT;

-- one new and one existing table in the same TRUNCATE
-- expect: truncate
TRUNCATE currency_names, fx_rate_cache;
