-- migcheck-test: pg-version=14
-- PostgreSQL 14: DETACH PARTITION ... CONCURRENTLY exists, so the plain form is reported.
SET lock_timeout = '5s';

-- expect: detach-partition-not-concurrent
ALTER TABLE events DETACH PARTITION events_2020;

ALTER TABLE events DETACH PARTITION events_2021 CONCURRENTLY;

ALTER TABLE events DETACH PARTITION events_2018; -- migcheck: ignore[detach-partition-not-concurrent] events_2018 is empty

-- migcheck: ignore[detach-partition-not-concurrent] detached during the maintenance window
ALTER TABLE metrics DETACH PARTITION metrics_2018;

-- expect: detach-partition-not-concurrent
ALTER TABLE metrics
    DETACH PARTITION metrics_2019; -- migcheck: ignore[drop-table] names another rule

BEGIN;
-- expect: non-transactional-statement
ALTER TABLE events DETACH PARTITION events_2022 CONCURRENTLY;
COMMIT;

ALTER TABLE orders ADD COLUMN source varchar(20) DEFAULT 'web';
