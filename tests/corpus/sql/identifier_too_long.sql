SET lock_timeout = '2s';
-- expect: identifier-too-long
CREATE TABLE customer_subscription_plan_price_override_history_entries_archive (
    id bigserial PRIMARY KEY
);
-- expect: identifier-too-long
CREATE INDEX CONCURRENTLY ix_orders_customer_id_shipping_country_code_created_at_status_v2
    ON orders (customer_id, shipping_country_code, created_at, status);
-- expect: identifier-too-long
ALTER TABLE users ADD COLUMN "préférences_de_communication_marketing_par_courriel_éléphant" text;

-- Exactly 63 bytes is fine.
CREATE INDEX CONCURRENTLY ix_orders_customer_id_shipping_country_code_created_at_status_x
    ON orders (customer_id, shipping_country_code, created_at, status);
CREATE TABLE plan_overrides (id bigserial PRIMARY KEY, plan_id bigint NOT NULL);
