-- Payments: captured_at, backfill, and the constraints that depend on it.
SET lock_timeout = '2s';

START TRANSACTION ISOLATION LEVEL READ COMMITTED;
ALTER TABLE payments ADD COLUMN captured_at timestamptz;
-- expect: nested-transaction
BEGIN;  -- pasted from a snippet: PostgreSQL only warns, the outer transaction goes on
-- expect: statements-after-access-exclusive, mixed-schema-and-data
UPDATE payments SET captured_at = updated_at
 WHERE status = 'captured' AND captured_at IS NULL AND id < 500000;
END;  -- END is COMMIT: it commits the whole block

-- each of these commits on its own: adding NOT VALID and validating later is the safe pattern
ALTER TABLE payments ADD CONSTRAINT payments_captured_chk
    CHECK (status <> 'captured' OR captured_at IS NOT NULL) NOT VALID;
ALTER TABLE payments VALIDATE CONSTRAINT payments_captured_chk;

BEGIN WORK;
ALTER TABLE refunds ADD CONSTRAINT refunds_amount_chk CHECK (amount_cents > 0) NOT VALID;
-- expect: validating-constraint, statements-after-access-exclusive
ALTER TABLE refunds VALIDATE CONSTRAINT refunds_amount_chk;
COMMIT WORK;
