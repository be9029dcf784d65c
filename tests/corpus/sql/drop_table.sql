SET lock_timeout = '2s';
-- expect: drop-table
DROP TABLE newsletter_signups;
-- expect: drop-table
DROP TABLE IF EXISTS legacy_sessions CASCADE;

CREATE TABLE staging_orders (id bigint, payload jsonb);
DROP TABLE staging_orders;
