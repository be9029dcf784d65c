-- V93: no double bookings (psql, autocommit).
SET lock_timeout = '3s';

CREATE EXTENSION IF NOT EXISTS btree_gist;

-- On a table created in this file the exclusion index is built on an empty
-- table that nobody else uses yet: safe.
CREATE TABLE scheduling.room_holds (
    id        bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    room_id   bigint NOT NULL,
    held_by   text NOT NULL,
    during    tstzrange NOT NULL,
    EXCLUDE USING gist (room_id WITH =, during WITH &&)
);

-- On an existing table the exclusion index is built under ACCESS EXCLUSIVE,
-- and USING INDEX cannot attach one built concurrently: ADD table_constraint
-- USING INDEX only accepts a unique btree index (ALTER TABLE docs).
-- expect: exclusion-constraint
ALTER TABLE scheduling.bookings
    ADD CONSTRAINT bookings_no_overlap
    EXCLUDE USING gist (room_id WITH =, tstzrange(starts_at, ends_at) WITH &&)
    WHERE (status <> 'cancelled');

CREATE INDEX CONCURRENTLY IF NOT EXISTS bookings_room_id_starts_at_idx
    ON scheduling.bookings (room_id, starts_at);
