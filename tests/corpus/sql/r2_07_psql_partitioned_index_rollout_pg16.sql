-- migcheck-test: pg-version=16
-- analytics: index page_views(visitor_id) without blocking writes
-- CREATE INDEX docs: CONCURRENTLY is not supported on a partitioned table; instead create the parent index
-- ON ONLY (no build, marked invalid), build each partition's index CONCURRENTLY, then ATTACH them
SET lock_timeout = '2s';

CREATE INDEX page_views_visitor_id_idx ON ONLY page_views (visitor_id);

CREATE INDEX CONCURRENTLY page_views_2024_05_visitor_id_idx ON page_views_2024_05 (visitor_id);
ALTER INDEX page_views_visitor_id_idx ATTACH PARTITION page_views_2024_05_visitor_id_idx;

CREATE INDEX CONCURRENTLY page_views_2024_06_visitor_id_idx ON page_views_2024_06 (visitor_id);
ALTER INDEX page_views_visitor_id_idx ATTACH PARTITION page_views_2024_06_visitor_id_idx;

-- forgot CONCURRENTLY for this partition: SHARE lock on a large existing partition for the whole build
-- expect: index-not-concurrent
CREATE INDEX page_views_2024_07_visitor_id_idx ON page_views_2024_07 (visitor_id);
ALTER INDEX page_views_visitor_id_idx ATTACH PARTITION page_views_2024_07_visitor_id_idx;

-- leftover per-partition index, never attached
DROP INDEX CONCURRENTLY IF EXISTS page_views_2024_05_referrer_idx;

-- expect: drop-index-not-concurrent
DROP INDEX IF EXISTS sessions_legacy_token_idx;
