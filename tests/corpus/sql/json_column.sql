SET lock_timeout = '2s';
-- expect: json-column
ALTER TABLE payments ADD COLUMN gateway_response json;
-- expect: json-column
CREATE TABLE webhook_events (
    id bigserial PRIMARY KEY,
    payload json NOT NULL,
    received_at timestamptz NOT NULL DEFAULT now()
);
-- expect: json-column, column-type-rewrite
ALTER TABLE users ALTER COLUMN preferences TYPE json USING preferences::json;

ALTER TABLE orders ADD COLUMN metadata jsonb;
CREATE TABLE audit_log (id bigserial PRIMARY KEY, diff jsonb NOT NULL);
