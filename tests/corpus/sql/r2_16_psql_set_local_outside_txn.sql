-- migcheck-test: pg-version=15
-- subscriptions: pause feature
-- SET docs: SET LOCAL issued outside a transaction block "emits a warning and otherwise has no effect"
SET LOCAL lock_timeout = '2s';
SET statement_timeout = '30s';

-- so no lock_timeout is in effect for this autocommit statement
-- expect: missing-lock-timeout, drop-not-null
ALTER TABLE subscriptions ALTER COLUMN cancelled_reason DROP NOT NULL;

BEGIN;
SET LOCAL lock_timeout = '2s';
ALTER TABLE subscriptions ADD COLUMN paused_until date;
ALTER TABLE subscriptions ALTER COLUMN plan_code SET DEFAULT 'basic';
COMMIT;

-- the SET LOCAL ended with its transaction; autocommit statements of this file were already reported once
ALTER TABLE subscriptions ADD COLUMN pause_reason text;

BEGIN;
-- a transaction block with no lock_timeout of its own: reported once for this block
-- expect: missing-lock-timeout
ALTER TABLE subscription_items ADD COLUMN proration_mode text DEFAULT 'none';
COMMENT ON COLUMN subscription_items.proration_mode IS 'none | prorate | next_cycle';
COMMIT;
