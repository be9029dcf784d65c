-- V95: keep webhook payloads for debugging (psql, autocommit).
SET lock_timeout = '2s';

-- json keeps the text as is: no equality operator, no GIN index.
-- expect: json-column
ALTER TABLE webhooks.deliveries ADD COLUMN request_headers json;

ALTER TABLE webhooks.deliveries ADD COLUMN response_body jsonb;

-- Named json-something, but a smallint: not a json column.
ALTER TABLE webhooks.deliveries ADD COLUMN json_schema_version smallint;

-- Constant default, no rewrite; still a json column.
-- expect: json-column
ALTER TABLE webhooks.endpoints
    ADD COLUMN IF NOT EXISTS "signingConfig" JSON DEFAULT '{}';

CREATE INDEX CONCURRENTLY IF NOT EXISTS deliveries_response_body_gin
    ON webhooks.deliveries USING gin (response_body jsonb_path_ops);

-- 68 bytes: PostgreSQL keeps only NAMEDATALEN-1 = 63 bytes of an identifier
-- and truncates the rest with a NOTICE (Lexical Structure, Identifiers).
-- expect: identifier-too-long
CREATE INDEX CONCURRENTLY IF NOT EXISTS deliveries_endpoint_id_and_created_at_for_retry_dashboard_lookup_idx
    ON webhooks.deliveries (endpoint_id, created_at);

-- Exactly 63 bytes: kept whole.
CREATE INDEX CONCURRENTLY IF NOT EXISTS deliveries_endpoint_id_status_next_attempt_at_partial_retry_idx
    ON webhooks.deliveries (endpoint_id, status, next_attempt_at)
    WHERE status = 'retrying';

-- Only 58 characters, but 65 bytes in UTF-8: the limit is in bytes.
-- expect: identifier-too-long
ALTER TABLE webhooks.endpoints
    ADD CONSTRAINT "endpoints_größenprüfung_für_signaturschlüssel_überlänge_ck"
    CHECK (octet_length(secret) <= 512) NOT VALID;
