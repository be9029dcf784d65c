SET lock_timeout = '2s';
CREATE EXTENSION IF NOT EXISTS btree_gist;
-- expect: exclusion-constraint
ALTER TABLE bookings ADD CONSTRAINT bookings_no_overlap EXCLUDE USING gist (room_id WITH =, during WITH &&);

CREATE TABLE reservations (
    id bigserial PRIMARY KEY,
    table_id integer NOT NULL,
    during tstzrange NOT NULL,
    EXCLUDE USING gist (table_id WITH =, during WITH &&)
);
ALTER TABLE reservations
    ADD CONSTRAINT reservations_one_per_guest EXCLUDE USING gist (id WITH =, during WITH &&);
