-- migcheck-test: pg-version=15
-- billing: domains for money and contact data
SET lock_timeout = '2s';

-- no constraint: just an alias
CREATE DOMAIN iso_currency AS char(3);

-- RULES domain-constraint: a CHECK defined in CREATE DOMAIN can only be changed later with ALTER DOMAIN
-- expect: domain-constraint
CREATE DOMAIN positive_amount AS numeric(14,2) CHECK (VALUE > 0);

-- ALTER DOMAIN docs: "all columns using that domain will be checked against the newly added constraint"
-- expect: domain-constraint
ALTER DOMAIN email_address ADD CONSTRAINT email_address_has_at CHECK (VALUE LIKE '%_@_%');

-- "These checks can be suppressed by adding the new constraint using the NOT VALID option"; validated separately
ALTER DOMAIN phone_number ADD CONSTRAINT phone_number_e164 CHECK (VALUE ~ '^\+[1-9][0-9]{6,14}$') NOT VALID;
ALTER DOMAIN phone_number VALIDATE CONSTRAINT phone_number_e164;

-- SET NOT NULL on a domain checks every column that uses it
-- expect: domain-constraint
ALTER DOMAIN country_code SET NOT NULL;

ALTER DOMAIN legacy_sku DROP CONSTRAINT IF EXISTS legacy_sku_check;
ALTER DOMAIN iso_currency SET DEFAULT 'EUR';
