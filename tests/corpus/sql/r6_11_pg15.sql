-- migcheck-test: pg-version=15
-- PostgreSQL 15 (the default): CHECK shortcut and ADD VALUE in a transaction are fine,
-- DETACH PARTITION without CONCURRENTLY is reported; constraint rules with suppressions.
SET lock_timeout = '5s';

ALTER TABLE payments ADD CONSTRAINT ck_payments_order_id_nn CHECK (order_id IS NOT NULL) NOT VALID;

ALTER TABLE payments VALIDATE CONSTRAINT ck_payments_order_id_nn;

ALTER TABLE payments ALTER COLUMN order_id SET NOT NULL;

-- expect: detach-partition-not-concurrent
ALTER TABLE events DETACH PARTITION events_2020;

BEGIN;
ALTER TYPE order_status ADD VALUE 'disputed';
COMMIT;

-- expect: unique-constraint-without-index
ALTER TABLE users ADD CONSTRAINT uq_users_email UNIQUE (email);

CREATE UNIQUE INDEX CONCURRENTLY uq_users_handle ON users (handle);

ALTER TABLE users ADD CONSTRAINT uq_users_handle UNIQUE USING INDEX uq_users_handle;

ALTER TABLE accounts ADD CONSTRAINT uq_accounts_slug UNIQUE (slug); -- migcheck: ignore[unique-constraint-without-index] accounts has 9 rows

-- expect: exclusion-constraint
ALTER TABLE bookings ADD CONSTRAINT no_overlap EXCLUDE USING gist (room_id WITH =, during WITH &&);

-- migcheck: ignore[exclusion-constraint] added in the maintenance window
ALTER TABLE reservations ADD CONSTRAINT no_double_booking EXCLUDE USING gist (desk_id WITH =, during WITH &&);

-- expect: domain-constraint
ALTER DOMAIN positive_amount ADD CONSTRAINT positive CHECK (VALUE > 0);

-- migcheck: ignore[domain-constraint] the domain is used by one empty table
ALTER DOMAIN currency_code ADD CONSTRAINT three_letters CHECK (length(VALUE) = 3);

-- expect: identifier-too-long
CREATE INDEX CONCURRENTLY ix_orders_customer_reference_number_and_created_at_for_reporting_dashboard ON orders (customer_ref, created_at);

CREATE INDEX CONCURRENTLY ix_orders_customer_reference_number_and_created_at_for_finance_reports ON orders (customer_ref, created_at); -- migcheck: ignore[identifier-too-long] name is what the DBA dashboard expects

-- expect: validating-constraint
ALTER TABLE orders ADD CONSTRAINT ck_orders_amount_positive CHECK (amount > 0);

ALTER TABLE orders ADD CONSTRAINT ck_orders_total_positive CHECK (total > 0) NOT VALID;

ALTER TABLE orders
    ADD CONSTRAINT ck_orders_discount_range
    CHECK (discount BETWEEN 0 AND 100); -- migcheck: ignore[validating-constraint] checked on a replica first
