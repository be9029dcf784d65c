-- migcheck-test: pg-version=15
-- customers, devices and tickets exist now (created by 01)
SET lock_timeout = '2s';

CREATE UNIQUE INDEX CONCURRENTLY customers_id_key ON customers (id);
-- customers.id is NOT NULL in the model: attaching the index as primary key needs no build and no scan
ALTER TABLE customers ADD CONSTRAINT customers_pkey PRIMARY KEY USING INDEX customers_id_key;

CREATE UNIQUE INDEX CONCURRENTLY devices_serial_no_key ON devices (serial_no);
-- devices.serial_no is nullable: PRIMARY KEY ... USING INDEX sets NOT NULL, which scans (RULES set-not-null-scan)
-- expect: set-not-null-scan
ALTER TABLE devices ADD CONSTRAINT devices_pkey PRIMARY KEY USING INDEX devices_serial_no_key;

-- builds the unique index under ACCESS EXCLUSIVE
-- expect: unique-constraint-without-index
ALTER TABLE customers ADD CONSTRAINT customers_tenant_email_key UNIQUE (tenant_id, email);

-- tickets.id is NOT NULL in the model, so only the index build is the problem
-- expect: unique-constraint-without-index
ALTER TABLE tickets ADD CONSTRAINT tickets_pkey PRIMARY KEY (id);
