-- migcheck-test: pg-version=13
-- DETACH PARTITION ... CONCURRENTLY does not exist before PostgreSQL 14: nothing better to suggest.
SET lock_timeout = '2s';
ALTER TABLE events DETACH PARTITION events_2023;
