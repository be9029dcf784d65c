SET lock_timeout = '2s';
-- expect: domain-constraint
CREATE DOMAIN positive_cents AS bigint CHECK (VALUE > 0);
-- expect: domain-constraint
ALTER DOMAIN email_address ADD CONSTRAINT email_has_at CHECK (VALUE LIKE '%@%');

ALTER DOMAIN country_code ADD CONSTRAINT country_code_upper CHECK (VALUE = upper(VALUE)) NOT VALID;
ALTER DOMAIN country_code VALIDATE CONSTRAINT country_code_upper;
CREATE DOMAIN order_reference AS text;
ALTER DOMAIN order_reference SET DEFAULT '';
