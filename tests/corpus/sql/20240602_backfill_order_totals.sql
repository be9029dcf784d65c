-- Data migration, run with psql in autocommit mode (each statement commits
-- on its own unless inside BEGIN ... END/COMMIT).
SET lock_timeout = '2s';

-- Batched backfill: a CTE picks one bounded batch, the UPDATE has a WHERE.
WITH batch AS (
    SELECT id
      FROM orders
     WHERE total_cents IS NULL
     ORDER BY id
     LIMIT 5000
)
UPDATE orders AS o
   SET total_cents = (
           SELECT coalesce(sum(li.qty * li.unit_cents), 0)
             FROM order_items AS li
            WHERE li.order_id = o.id
       )
  FROM batch
 WHERE o.id = batch.id;

-- Touches (and locks) every row in one statement.
-- expect: full-table-dml
UPDATE customers SET marketing_opt_in = false;

-- Reservations are rebuilt at next login; still every row at once.
-- expect: full-table-dml
DELETE FROM cart_reservations;

DELETE FROM password_reset_tokens
 WHERE expires_at < now() - interval '7 days';

-- A data-only transaction (no schema change in it). END is PostgreSQL's
-- spelling of COMMIT (END docs).
BEGIN;
UPDATE feature_flags SET enabled = true WHERE name = 'new_checkout';
INSERT INTO feature_flags (name, enabled)
VALUES ('one_click_refunds', false)
ON CONFLICT (name) DO NOTHING;
END;

-- Schema change and data change in one transaction: the index build's SHARE
-- lock on orders is held until the UPDATE finishes too. (SHARE, not ACCESS
-- EXCLUSIVE, so this is not statements-after-access-exclusive.)
BEGIN;
-- expect: index-not-concurrent
CREATE INDEX orders_fulfilled_at_idx ON orders (fulfilled_at);
-- expect: mixed-schema-and-data
UPDATE orders SET status = 'fulfilled'
 WHERE status = 'shipped' AND fulfilled_at IS NOT NULL;
COMMIT;
