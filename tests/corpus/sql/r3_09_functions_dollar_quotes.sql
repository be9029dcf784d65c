SET lock_timeout = '2s';

ALTER TABLE public.orders ADD COLUMN IF NOT EXISTS search_vector tsvector;

-- Keeps orders.search_vector in sync. Semicolons, quotes and "--" inside the body are not statements.
CREATE OR REPLACE FUNCTION public.orders_search_refresh() RETURNS trigger
LANGUAGE plpgsql AS $body$
DECLARE
  sep CONSTANT text := ' ; ';   -- a literal semicolon
BEGIN
  -- ALTER TABLE orders DROP COLUMN note;  (a comment inside the body)
  NEW.search_vector := to_tsvector('simple',
      coalesce(NEW.note, '') || sep || coalesce(NEW.reference, '') || ' $$ ');
  IF NEW.note LIKE '%--%' THEN
    RAISE NOTICE 'note of order % contains "--"; kept as is', NEW.id;
  END IF;
  RETURN NEW;
END;
$body$;

-- expect: drop-column
ALTER TABLE public.orders DROP COLUMN IF EXISTS search_text;

-- Dynamic SQL inside a function body is not run by this file.
CREATE OR REPLACE FUNCTION ops.purge_before(p_table regclass, p_keep interval)
RETURNS bigint
LANGUAGE plpgsql
SECURITY DEFINER
SET search_path = pg_catalog, ops
AS $fn$
DECLARE
  n bigint;
BEGIN
  EXECUTE format($q$DELETE FROM %s WHERE created_at < now() - %L::interval$q$, p_table, p_keep);
  GET DIAGNOSTICS n = ROW_COUNT;
  IF n = 0 THEN
    EXECUTE 'TRUNCATE ' || p_table::text || ' /* nothing left; */';
  END IF;
  RETURN n;
END
$fn$;

-- Old-style body in single quotes, with doubled quotes and a semicolon inside.
CREATE OR REPLACE FUNCTION public.slugify(t text) RETURNS text
    LANGUAGE sql IMMUTABLE AS
'SELECT trim(both ''-'' from regexp_replace(lower(t), ''[^a-z0-9]+'', ''-'', ''g''));';

-- SQL-standard bodies (PostgreSQL 14+): the semicolons between BEGIN ATOMIC and END belong to the procedure.
CREATE OR REPLACE PROCEDURE ops.archive_order(p_id bigint)
LANGUAGE sql
BEGIN ATOMIC
  INSERT INTO ops.orders_archive SELECT * FROM public.orders WHERE id = p_id;
  DELETE FROM public.orders WHERE id = p_id;
END;

CREATE OR REPLACE FUNCTION public.price_with_vat(net numeric) RETURNS numeric
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    RETURN round(net * 1.2, 2);

DROP TRIGGER IF EXISTS orders_search_refresh ON public.orders;
CREATE TRIGGER orders_search_refresh
    BEFORE INSERT OR UPDATE OF note, reference ON public.orders
    FOR EACH ROW EXECUTE FUNCTION public.orders_search_refresh();

CREATE INDEX CONCURRENTLY IF NOT EXISTS orders_search_vector_idx ON public.orders USING gin (search_vector);

COMMENT ON FUNCTION ops.purge_before(regclass, interval) IS
    'Deletes rows older than p_keep; e.g. SELECT ops.purge_before(''events_p1'', ''90 days'');';

-- expect: set-not-null-scan
ALTER TABLE public.orders ALTER COLUMN reference SET NOT NULL;
