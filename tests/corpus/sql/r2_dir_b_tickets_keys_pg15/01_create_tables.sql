-- migcheck-test: pg-version=15
-- helpdesk schema; keys and foreign keys come in 02 and 03
CREATE TABLE tenants (id bigint PRIMARY KEY, name text NOT NULL);
CREATE TABLE agents (id bigint PRIMARY KEY, email text NOT NULL);

CREATE TABLE customers (
    id         bigint NOT NULL,
    tenant_id  bigint NOT NULL,
    email      text NOT NULL
);

CREATE TABLE devices (
    serial_no      text,
    customer_id    bigint NOT NULL,
    registered_at  timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE tickets (
    id              bigint NOT NULL,
    tenant_id       bigint NOT NULL,
    customer_id     bigint,
    assignee_id     bigint,
    merged_into_id  bigint,
    created_at      timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX tickets_customer_id_idx ON tickets (customer_id);
CREATE INDEX tickets_tenant_id_created_at_idx ON tickets (tenant_id, created_at);
CREATE INDEX customers_tenant_id_idx ON customers (tenant_id);
