-- migcheck-test: assume-in-transaction
-- Flyway V102: expose a public UUID for orders in the API.
-- (Our Flyway config sets no lock_timeout, and this file does not either.)

-- gen_random_uuid() is VOLATILE: every existing row needs its own value, so
-- the whole table is rewritten under ACCESS EXCLUSIVE (ALTER TABLE notes).
-- It is also the first strong lock of the transaction with no lock_timeout.
-- expect: add-column-rewrite, missing-lock-timeout
ALTER TABLE orders
    ADD COLUMN public_id uuid NOT NULL DEFAULT gen_random_uuid();

-- Plain CREATE INDEX takes SHARE on an existing table (blocks writes), and it
-- builds the index while the ACCESS EXCLUSIVE lock above is still held.
-- expect: index-not-concurrent, statements-after-access-exclusive
CREATE UNIQUE INDEX orders_public_id_key
    ON orders (public_id);

COMMENT ON COLUMN orders.public_id IS 'Stable identifier exposed by the public API';
