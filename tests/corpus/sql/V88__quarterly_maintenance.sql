-- Quarterly maintenance, run by hand with psql (autocommit).
SET lock_timeout = '10s';
SET statement_timeout = 0;

-- VACUUM FULL, CLUSTER, SET TABLESPACE and SET UNLOGGED copy the whole table
-- under ACCESS EXCLUSIVE; REINDEX (not CONCURRENTLY) blocks writes while it
-- rebuilds (Explicit Locking table; VACUUM, CLUSTER, REINDEX, ALTER TABLE docs).
-- expect: table-rewrite
VACUUM FULL VERBOSE audit.events;

-- expect: table-rewrite
CLUSTER public.orders USING orders_created_at_idx;

-- expect: table-rewrite
REINDEX TABLE public.order_items;

-- expect: table-rewrite
ALTER TABLE public.sessions SET UNLOGGED;

-- expect: table-rewrite
ALTER TABLE IF EXISTS archive.orders_2019 SET TABLESPACE cold_storage;

-- Plain DROP INDEX takes ACCESS EXCLUSIVE on the index's table.
-- expect: drop-index-not-concurrent
DROP INDEX public.orders_status_old_idx;

-- Not rewrites:
-- plain VACUUM and ANALYZE take SHARE UPDATE EXCLUSIVE and copy nothing;
VACUUM (ANALYZE, VERBOSE) public.orders;
ANALYZE public.sessions;
-- fillfactor and autovacuum storage parameters take SHARE UPDATE EXCLUSIVE and
-- do not rewrite the table (ALTER TABLE docs, SET ( storage_parameter ));
ALTER TABLE public.orders SET (fillfactor = 90, autovacuum_vacuum_scale_factor = 0.02);
-- REINDEX CONCURRENTLY (PG 12+) lets reads and writes continue.
REINDEX INDEX CONCURRENTLY public.orders_customer_id_idx;
