-- expect: uncommitted-transaction
BEGIN;
SET LOCAL lock_timeout = '2s';
ALTER TABLE orders ADD COLUMN gift_wrap boolean;
ALTER TABLE orders ADD COLUMN gift_message text;
