-- migcheck-test: pg-version=15
SET lock_timeout = '2s';

-- tickets_customer_id_idx (01) covers the referencing column
ALTER TABLE tickets ADD CONSTRAINT tickets_customer_id_fkey
    FOREIGN KEY (customer_id) REFERENCES customers (id) NOT VALID;

-- tenant_id is the leading column of tickets_tenant_id_created_at_idx (01)
ALTER TABLE tickets ADD CONSTRAINT tickets_tenant_id_fkey
    FOREIGN KEY (tenant_id) REFERENCES tenants (id) NOT VALID;

-- no index on tickets.assignee_id anywhere: deleting an agent scans tickets
-- expect: foreign-key-without-index
ALTER TABLE tickets ADD CONSTRAINT tickets_assignee_id_fkey
    FOREIGN KEY (assignee_id) REFERENCES agents (id) NOT VALID;

-- devices.customer_id has no index (01 only indexed tickets and customers.tenant_id)
-- expect: foreign-key-without-index
ALTER TABLE devices ADD CONSTRAINT devices_customer_id_fkey
    FOREIGN KEY (customer_id) REFERENCES customers (id) NOT VALID;

-- the index comes later in this same file; RULES: checked at the end of the revision, an index created in it counts
ALTER TABLE tickets ADD CONSTRAINT tickets_merged_into_id_fkey
    FOREIGN KEY (merged_into_id) REFERENCES tickets (id) NOT VALID;
CREATE INDEX CONCURRENTLY tickets_merged_into_id_idx ON tickets (merged_into_id);

-- customers_tenant_id_idx exists (01), but the foreign key is added without NOT VALID
-- expect: validating-constraint
ALTER TABLE customers ADD CONSTRAINT customers_tenant_id_fkey
    FOREIGN KEY (tenant_id) REFERENCES tenants (id);

ALTER TABLE tickets VALIDATE CONSTRAINT tickets_customer_id_fkey;
ALTER TABLE tickets VALIDATE CONSTRAINT tickets_tenant_id_fkey;
