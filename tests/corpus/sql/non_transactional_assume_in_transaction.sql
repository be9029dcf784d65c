-- migcheck-test: assume-in-transaction
-- Run by a deploy tool that wraps every file in a single transaction.
SET LOCAL lock_timeout = '2s';
ALTER TABLE orders ADD COLUMN gift_message text;
-- expect: non-transactional-statement
CREATE INDEX CONCURRENTLY ix_orders_gift_message ON orders (gift_message)
    WHERE gift_message IS NOT NULL;
-- expect: non-transactional-statement
VACUUM orders;
