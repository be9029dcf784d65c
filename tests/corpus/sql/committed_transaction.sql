\set ON_ERROR_STOP on
BEGIN;
SET LOCAL lock_timeout = '2s';
ALTER TABLE orders ADD COLUMN gift_wrap boolean;
COMMIT;

START TRANSACTION;
SET LOCAL lock_timeout = '2s';
ALTER TABLE orders ADD COLUMN gift_message text;
END;

BEGIN;
SET LOCAL lock_timeout = '2s';
ALTER TABLE orders ADD COLUMN gift_card_id bigint;
ROLLBACK;
