-- migcheck-test: pg-version=15
-- fx: refresh currency rates, clean up tokens and queues (no COPY; everything in SQL)
SET lock_timeout = '2s';

CREATE TABLE currency_rates_staging (
    code        char(3) PRIMARY KEY,
    rate        numeric(18,8) NOT NULL,
    fetched_at  timestamptz
);
-- new table: SET UNLOGGED rewrites an empty table
ALTER TABLE currency_rates_staging SET UNLOGGED;

INSERT INTO currency_rates_staging (code, rate, fetched_at)
SELECT code, rate, fetched_at FROM fx_feed_latest WHERE fetched_at > now() - interval '1 day';

-- full-table UPDATE and DELETE on the table created above: safe
UPDATE currency_rates_staging SET fetched_at = now();
DELETE FROM currency_rates_staging;

INSERT INTO currency_rates_staging (code, rate, fetched_at)
SELECT code, rate, now() FROM fx_feed_latest;

-- CTE + UPDATE ... FROM ... WHERE: bounded by the join condition
WITH latest AS (
    SELECT code, rate FROM currency_rates_staging
)
UPDATE currencies c
SET    rate = latest.rate
FROM   latest
WHERE  c.code = latest.code;

-- the CTE does not restrict the UPDATE: every customers row is rewritten
-- expect: full-table-dml
WITH defaults AS (
    SELECT value FROM app_settings WHERE key = 'default_locale'
)
UPDATE customers SET locale = (SELECT value FROM defaults);

-- expect: full-table-dml
DELETE FROM password_reset_tokens;

-- the data-modifying CTE deletes every row of an existing table (no WHERE)
-- expect: full-table-dml
WITH moved AS (
    DELETE FROM webhook_deliveries_queue RETURNING *
)
INSERT INTO webhook_deliveries_log SELECT * FROM moved;

DELETE FROM sessions WHERE expires_at < now() - interval '30 days';

-- expect: truncate
TRUNCATE TABLE search_cache;

-- created earlier in this file
TRUNCATE currency_rates_staging;

INSERT INTO currencies (code, rate)
SELECT code, rate FROM fx_feed_latest
ON CONFLICT (code) DO NOTHING;
