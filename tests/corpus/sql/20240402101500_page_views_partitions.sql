-- +goose Up
-- +goose NO TRANSACTION
SET lock_timeout = '1s';

-- A new partitioned table: it is created in this file, so building its index
-- blocks nobody.
CREATE TABLE metrics.page_views (
    id          bigint GENERATED ALWAYS AS IDENTITY,
    viewed_at   timestamptz NOT NULL,
    path        text NOT NULL,
    visitor_id  uuid,
    PRIMARY KEY (id, viewed_at)
) PARTITION BY RANGE (viewed_at);

CREATE INDEX page_views_visitor_idx ON metrics.page_views (visitor_id, viewed_at);

CREATE TABLE metrics.page_views_2024_06 PARTITION OF metrics.page_views
    FOR VALUES FROM ('2024-06-01') TO ('2024-07-01');

-- Next month's partition of the existing events table (the wait for the
-- parent's lock is bounded by lock_timeout above).
CREATE TABLE public.events_2024_07 PARTITION OF public.events
    FOR VALUES FROM ('2024-07-01') TO ('2024-08-01');

-- Plain DETACH PARTITION takes ACCESS EXCLUSIVE on the parent table.
-- expect: detach-partition-not-concurrent
ALTER TABLE public.events DETACH PARTITION public.events_2023_01;

-- Safe (PG >= 14): DETACH ... CONCURRENTLY takes SHARE UPDATE EXCLUSIVE on the
-- parent; it cannot run in a transaction block, and this file has none.
ALTER TABLE public.events DETACH PARTITION public.events_2023_02 CONCURRENTLY;

-- expect: detach-partition-not-concurrent
ALTER TABLE IF EXISTS analytics.clicks
    DETACH PARTITION analytics.clicks_2022_q4;

-- The partition detached above is now an ordinary existing table.
-- expect: drop-table
DROP TABLE IF EXISTS public.events_2023_01;

-- expect: truncate
TRUNCATE analytics.click_dedup_cache;
