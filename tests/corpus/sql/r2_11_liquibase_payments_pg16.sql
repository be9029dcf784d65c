-- migcheck-test: pg-version=16
-- migcheck-test: assume-in-transaction
--liquibase formatted sql

--changeset mkovacs:payments-2024-03-11-01
SET lock_timeout = '3s';

--changeset mkovacs:payments-2024-03-11-02
-- forgot runInTransaction:false: CREATE INDEX CONCURRENTLY "cannot run inside a transaction block"
-- expect: non-transactional-statement
CREATE INDEX CONCURRENTLY IF NOT EXISTS payments_created_at_idx ON payments (created_at);
--rollback DROP INDEX CONCURRENTLY IF EXISTS payments_created_at_idx;

--changeset mkovacs:payments-2024-03-11-03
CREATE TABLE payment_methods (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    kind        text NOT NULL,
    details     jsonb NOT NULL DEFAULT '{}'::jsonb
);
--rollback DROP TABLE payment_methods;

--changeset mkovacs:payments-2024-03-11-04
-- expect: json-column
ALTER TABLE payments ADD COLUMN gateway_response json;
--rollback ALTER TABLE payments DROP COLUMN gateway_response;

--changeset mkovacs:payments-2024-03-11-05
ALTER TABLE payments ADD COLUMN risk_signals jsonb;
--rollback ALTER TABLE payments DROP COLUMN risk_signals;

--changeset mkovacs:payments-2024-03-11-06
ALTER TABLE payments ALTER COLUMN status SET DEFAULT 'pending';
--rollback ALTER TABLE payments ALTER COLUMN status DROP DEFAULT;

--changeset mkovacs:payments-2024-03-11-07
-- one transaction for the whole file: payments stays ACCESS EXCLUSIVE locked (04-06) while this runs
-- expect: mixed-schema-and-data, statements-after-access-exclusive
UPDATE payments SET status = 'pending' WHERE status IS NULL;
--rollback SELECT 1;
