-- migcheck-test: pg-version=14
-- accounts service: make customers.country_code / email / created_at / phone NOT NULL
SET lock_timeout = '2s';

-- NOT VALID, then VALIDATE as its own autocommit statement (separate transaction): the safe recipe
ALTER TABLE customers ADD CONSTRAINT customers_country_code_nn CHECK (country_code IS NOT NULL) NOT VALID;
ALTER TABLE customers VALIDATE CONSTRAINT customers_country_code_nn;
-- ALTER TABLE (12+): "if a valid CHECK constraint is found which proves no NULL can exist, then the table scan is skipped"
ALTER TABLE customers ALTER COLUMN country_code SET NOT NULL;
ALTER TABLE customers DROP CONSTRAINT customers_country_code_nn;

ALTER TABLE customers ADD CONSTRAINT customers_email_nn CHECK (email IS NOT NULL) NOT VALID;
-- the CHECK was never validated, so it proves nothing: full scan under ACCESS EXCLUSIVE
-- expect: set-not-null-scan
ALTER TABLE customers ALTER COLUMN email SET NOT NULL;

BEGIN;
ALTER TABLE customers ADD CONSTRAINT customers_created_at_nn CHECK (created_at IS NOT NULL) NOT VALID;
-- same transaction as the NOT VALID addition: the ACCESS EXCLUSIVE lock is held for the whole scan
-- expect: validating-constraint, statements-after-access-exclusive
ALTER TABLE customers VALIDATE CONSTRAINT customers_created_at_nn;
COMMIT;

-- the CHECK above is validated now (committed), so PG 14 skips the scan
ALTER TABLE customers ALTER COLUMN created_at SET NOT NULL;

ALTER TABLE customers ADD CONSTRAINT customers_contact_present CHECK (phone IS NOT NULL OR email IS NOT NULL) NOT VALID;
ALTER TABLE customers VALIDATE CONSTRAINT customers_contact_present;
-- a valid CHECK that does not prove phone IS NOT NULL (the OR allows NULL phones): still scans
-- expect: set-not-null-scan
ALTER TABLE customers ALTER COLUMN phone SET NOT NULL;
