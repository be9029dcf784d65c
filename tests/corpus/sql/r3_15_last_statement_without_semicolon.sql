-- Archive ownerless carts idle for a year, then require an owner on the rest.
SET lock_timeout = '2s';

CREATE TABLE archived_carts (LIKE carts INCLUDING ALL);
-- archived_carts is new (created above): none of these is a hazard
ALTER TABLE archived_carts ADD COLUMN archived_at timestamptz NOT NULL DEFAULT now();
ALTER TABLE archived_carts ADD CONSTRAINT archived_carts_ownerless CHECK (owner_id IS NULL);
CREATE INDEX archived_carts_updated_at_idx ON archived_carts (updated_at);

INSERT INTO archived_carts
SELECT c.*, now() FROM carts c
 WHERE c.updated_at < now() - interval '1 year' AND c.owner_id IS NULL;

DELETE FROM carts WHERE updated_at < now() - interval '1 year' AND owner_id IS NULL;

-- the last statement has no terminating semicolon; psql still runs it at end of file
-- expect: set-not-null-scan
ALTER TABLE carts
    ALTER COLUMN owner_id SET NOT NULL
