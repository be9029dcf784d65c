-- Release 2025.03 runner: executes the reviewed pieces in order, then the index work.
-- audit_log and the events_p* partitions have existed since 2019.
\set ON_ERROR_STOP 1
\i release_2025_03/01_enums.sql
\ir release_2025_03/02_tables.sql

SET lock_timeout = '3s';

-- One CREATE INDEX CONCURRENTLY per partition, generated and run by \gexec
SELECT format('CREATE INDEX CONCURRENTLY IF NOT EXISTS %I ON %I.%I (tenant_id, created_at)',
              c.relname || '_tenant_created_idx', n.nspname, c.relname)
  FROM pg_class c
  JOIN pg_namespace n ON n.oid = c.relnamespace
 WHERE c.relkind = 'r' AND c.relname LIKE 'events\_p%'
 ORDER BY c.relname
\gexec

-- expect: index-not-concurrent
CREATE INDEX audit_log_actor_idx ON audit_log (actor_id);

SELECT 'ANALYZE ' || quote_ident(tablename) FROM pg_tables WHERE tablename LIKE 'events\_p%' \gexec

\echo done
