-- V93: ticket codes become numbers. Written against SQLite in development, which converts
-- anything; PostgreSQL has no automatic cast from varchar to integer.
SET lock_timeout = '2s';
CREATE TABLE tickets (id bigserial PRIMARY KEY, code varchar(10), opened_on date);
-- expect: type-change-needs-using
ALTER TABLE tickets ALTER COLUMN code TYPE integer;
-- With USING it converts (a new table: no rewrite hazard).
ALTER TABLE tickets ALTER COLUMN code TYPE bigint USING code::bigint;
-- date -> timestamp has an implicit cast.
ALTER TABLE tickets ALTER COLUMN opened_on TYPE timestamptz;
