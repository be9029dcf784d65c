-- migcheck-test: pg-version=13
-- invoices table; later files change column types and nullability with this schema as the model
CREATE TABLE invoices (
    id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    number        varchar(32) NOT NULL,
    memo          varchar(200),
    notes         text,
    amount        numeric(10,2) NOT NULL,
    amount_cents  integer,
    tax_rate      numeric(6,4),
    issued_at     timestamp(3) NOT NULL,
    due_at        timestamp,
    sent_at       timestamp,
    client_ip     cidr,
    customer_ref  integer,
    po_number     text,
    approved_by   text
);

CREATE INDEX invoices_number_idx ON invoices (number);
CREATE INDEX invoices_customer_ref_idx ON invoices (customer_ref);
