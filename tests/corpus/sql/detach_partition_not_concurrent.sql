SET lock_timeout = '2s';
-- expect: detach-partition-not-concurrent
ALTER TABLE events DETACH PARTITION events_2023;

ALTER TABLE events DETACH PARTITION events_2022 CONCURRENTLY;
ALTER TABLE events DETACH PARTITION events_2021 FINALIZE;

BEGIN;
SET LOCAL lock_timeout = '2s';
-- expect: non-transactional-statement
ALTER TABLE page_views DETACH PARTITION page_views_2022 CONCURRENTLY;
COMMIT;

CREATE TABLE metrics (recorded_at timestamptz NOT NULL, value double precision)
    PARTITION BY RANGE (recorded_at);
CREATE TABLE metrics_2024 PARTITION OF metrics FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');
ALTER TABLE metrics DETACH PARTITION metrics_2024;
