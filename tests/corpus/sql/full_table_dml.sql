-- Data-only file: each statement commits on its own.
-- expect: full-table-dml
UPDATE users SET marketing_opt_in = false;
-- expect: full-table-dml
DELETE FROM sessions;
-- expect: full-table-dml
update public.orders
   set currency = 'EUR';

UPDATE users SET marketing_opt_in = false WHERE id BETWEEN 1 AND 10000;
DELETE FROM password_reset_tokens WHERE expires_at < now();
UPDATE orders o SET total_cents = t.total FROM order_totals t WHERE o.id = t.order_id;
INSERT INTO order_archive SELECT * FROM orders WHERE created_at < '2020-01-01';

CREATE TABLE tmp_prices (sku text, price_cents integer);
INSERT INTO tmp_prices VALUES ('A-1', 100), ('B-2', 250);
UPDATE tmp_prices SET price_cents = price_cents * 2;
DELETE FROM tmp_prices;
