-- Everything here happens to tables created in this file: nothing can block anyone.
BEGIN;
CREATE TABLE loyalty_accounts (
    id bigserial PRIMARY KEY,
    user_id bigint NOT NULL,
    points integer NOT NULL DEFAULT 0,
    tier text
);
CREATE INDEX ix_loyalty_accounts_user_id ON loyalty_accounts (user_id);
ALTER TABLE loyalty_accounts ADD COLUMN public_id uuid NOT NULL DEFAULT gen_random_uuid();
ALTER TABLE loyalty_accounts ADD COLUMN opened_on date NOT NULL;
ALTER TABLE loyalty_accounts ALTER COLUMN points TYPE bigint;
ALTER TABLE loyalty_accounts ALTER COLUMN tier SET NOT NULL;
ALTER TABLE loyalty_accounts ADD CONSTRAINT uq_loyalty_accounts_user UNIQUE (user_id);
ALTER TABLE loyalty_accounts ADD CONSTRAINT ck_loyalty_points CHECK (points >= 0);
ALTER TABLE loyalty_accounts RENAME COLUMN tier TO level;
ALTER TABLE loyalty_accounts DROP COLUMN opened_on;
ALTER TABLE loyalty_accounts ALTER COLUMN level DROP NOT NULL;
INSERT INTO loyalty_accounts (user_id) VALUES (1);
UPDATE loyalty_accounts SET points = 10;
DELETE FROM loyalty_accounts;
TRUNCATE loyalty_accounts;
ALTER TABLE loyalty_accounts RENAME TO loyalty_memberships;
DROP INDEX ix_loyalty_accounts_user_id;
DROP TABLE loyalty_memberships;
COMMIT;
