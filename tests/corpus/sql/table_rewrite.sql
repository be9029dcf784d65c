SET lock_timeout = '2s';
-- expect: table-rewrite
VACUUM FULL orders;
-- expect: table-rewrite
VACUUM (FULL, ANALYZE) payments;
-- expect: table-rewrite
CLUSTER orders USING ix_orders_created_at;
-- expect: table-rewrite
REINDEX TABLE payments;
-- expect: table-rewrite
REINDEX INDEX ix_orders_user_id;
-- expect: table-rewrite
ALTER TABLE invoices SET TABLESPACE archive;
-- expect: table-rewrite
ALTER TABLE events_2023 SET LOGGED;
-- expect: table-rewrite
ALTER TABLE page_views SET UNLOGGED;

-- Concurrent rebuilds and plain VACUUM do not block reads or writes.
REINDEX TABLE CONCURRENTLY payments;
REINDEX INDEX CONCURRENTLY ix_orders_user_id;
REINDEX (VERBOSE) INDEX CONCURRENTLY ix_orders_status;
VACUUM (ANALYZE) orders;
VACUUM orders;
ANALYZE orders;
ALTER TABLE orders SET (fillfactor = 70, autovacuum_vacuum_scale_factor = 0.01);
ALTER TABLE orders SET WITHOUT CLUSTER;

CREATE TABLE import_batch (id bigserial PRIMARY KEY, payload jsonb);
ALTER TABLE import_batch SET UNLOGGED;
VACUUM FULL import_batch;
