BEGIN;
SET LOCAL lock_timeout = '2s';
ALTER TABLE orders ADD COLUMN gift_message text;
-- expect: nested-transaction
BEGIN;
ALTER TABLE orders ADD COLUMN gift_wrap boolean;
COMMIT;
-- The first COMMIT ended the transaction (and its SET LOCAL): this runs on its own.
-- expect: missing-lock-timeout
ALTER TABLE orders ADD COLUMN gift_card_id bigint;
-- The COMMIT meant for the nested BEGIN: the same mistake, already reported at that BEGIN.
COMMIT;

BEGIN;
SET LOCAL lock_timeout = '2s';
ALTER TABLE payments ADD COLUMN note text;
COMMIT;
