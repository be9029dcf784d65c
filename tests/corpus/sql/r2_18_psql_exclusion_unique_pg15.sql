-- migcheck-test: pg-version=15
-- hotel booking: overlap rules and guest uniqueness
SET lock_timeout = '2s';

CREATE EXTENSION IF NOT EXISTS btree_gist;

-- new table: the exclusion constraint's index is built on an empty table
CREATE TABLE room_holds (
    id       bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    room_id  bigint NOT NULL,
    held     tstzrange NOT NULL,
    CONSTRAINT room_holds_no_overlap EXCLUDE USING gist (room_id WITH =, held WITH &&)
);

-- existing table: GiST index built under ACCESS EXCLUSIVE, and USING INDEX only takes unique btree indexes
-- expect: exclusion-constraint
ALTER TABLE bookings ADD CONSTRAINT bookings_no_overlap
    EXCLUDE USING gist (room_id WITH =, during WITH &&) WHERE (status <> 'cancelled');

-- PG 15 NULLS NOT DISTINCT: still a unique index built under ACCESS EXCLUSIVE
-- expect: unique-constraint-without-index
ALTER TABLE guests ADD CONSTRAINT guests_passport_key UNIQUE NULLS NOT DISTINCT (passport_country, passport_no);

-- the safe way: build CONCURRENTLY, then attach
CREATE UNIQUE INDEX CONCURRENTLY guests_loyalty_no_key ON guests (loyalty_no) NULLS NOT DISTINCT;
ALTER TABLE guests ADD CONSTRAINT guests_loyalty_no_key UNIQUE USING INDEX guests_loyalty_no_key;

CREATE INDEX CONCURRENTLY bookings_guest_id_idx ON bookings (guest_id);
