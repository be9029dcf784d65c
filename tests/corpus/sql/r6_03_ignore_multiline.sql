-- migcheck-test: pg-version=15
-- Suppression on any line of a multi-line statement.
SET lock_timeout = '5s';

-- suppression on the last line
ALTER TABLE orders
    ADD COLUMN public_id uuid
    DEFAULT gen_random_uuid(); -- migcheck: ignore[add-column-rewrite] orders is empty in every environment

-- suppression on a middle line
ALTER TABLE orders
    ALTER COLUMN user_id -- migcheck: ignore[set-not-null-scan] checked on a replica, no NULLs
    SET NOT NULL;

-- suppression on the first line
UPDATE currencies -- migcheck: ignore[full-table-dml] lookup table with 30 rows
   SET symbol = upper(symbol);

-- expect: set-not-null-scan
ALTER TABLE payments
    ALTER COLUMN order_id
    SET NOT NULL;

-- expect: add-column-rewrite
ALTER TABLE payments
    ADD COLUMN seq bigserial; -- migcheck: ignore[required-column-no-default] names another rule

-- expect: column-type-rewrite
ALTER TABLE payments
    ALTER COLUMN amount
    TYPE numeric(12, 2) USING amount::numeric(12, 2);

ALTER TABLE refunds
    ALTER COLUMN amount
    TYPE numeric(12, 2)
    USING amount::numeric(12, 2); -- migcheck: ignore[column-type-rewrite] refunds has 40 rows

-- expect: full-table-dml
DELETE
  FROM sessions;

DELETE
  FROM password_resets; -- migcheck: ignore[full-table-dml] tokens are single-use anyway
