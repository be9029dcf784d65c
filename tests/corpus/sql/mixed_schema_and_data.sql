SET lock_timeout = '2s';

BEGIN;
ALTER TABLE orders ADD COLUMN currency char(3);
-- expect: mixed-schema-and-data, statements-after-access-exclusive
UPDATE orders SET currency = 'EUR' WHERE currency IS NULL AND created_at < '2024-01-01';
COMMIT;

BEGIN;
-- expect: mixed-schema-and-data
INSERT INTO audit_log (event, created_at) VALUES ('users.locale added', now());
ALTER TABLE users ADD COLUMN locale text;
COMMIT;

-- Separate transactions: the ALTER's lock is released before the UPDATE starts.
ALTER TABLE payments ADD COLUMN currency char(3);
UPDATE payments SET currency = 'EUR' WHERE currency IS NULL AND id < 100000;

-- Seeding a table created in the same transaction is not a data migration.
BEGIN;
CREATE TABLE countries (code char(2) PRIMARY KEY, name text NOT NULL);
INSERT INTO countries (code, name) VALUES ('DE', 'Germany'), ('FR', 'France');
COMMIT;
