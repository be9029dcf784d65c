-- Bookings: constraints and domains, with the safe patterns next to the unsafe ones.
SET lock_timeout = '2s';
CREATE EXTENSION IF NOT EXISTS btree_gist;

-- expect: domain-constraint
CREATE DOMAIN public.positive_cents AS bigint CHECK (VALUE > 0);
-- expect: domain-constraint
ALTER DOMAIN public.email_address ADD CONSTRAINT email_has_at CHECK (VALUE LIKE '%_@_%');

-- expect: exclusion-constraint
ALTER TABLE bookings ADD CONSTRAINT bookings_no_overlap
    EXCLUDE USING gist (room_id WITH =, during WITH &&);

-- unique constraint the safe way: build the index concurrently, then attach it
CREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS bookings_reference_key ON bookings (reference);
ALTER TABLE bookings ADD CONSTRAINT bookings_reference_key UNIQUE USING INDEX bookings_reference_key;

-- a primary key attached from a concurrent index still sets NOT NULL on its column
CREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS rooms_id_key ON rooms (id);
-- expect: set-not-null-scan
ALTER TABLE rooms ADD CONSTRAINT rooms_pkey PRIMARY KEY USING INDEX rooms_id_key;

-- NOT NULL the safe way (PostgreSQL 12+): validated CHECK first, each step in its own transaction
ALTER TABLE bookings ADD CONSTRAINT bookings_guest_id_nn CHECK (guest_id IS NOT NULL) NOT VALID;
ALTER TABLE bookings VALIDATE CONSTRAINT bookings_guest_id_nn;
ALTER TABLE bookings ALTER COLUMN guest_id SET NOT NULL;
ALTER TABLE bookings DROP CONSTRAINT bookings_guest_id_nn;

-- foreign key the safe way: NOT VALID, index concurrently, validate in a later transaction
ALTER TABLE bookings ADD CONSTRAINT bookings_guest_fk FOREIGN KEY (guest_id) REFERENCES guests (id) NOT VALID;
CREATE INDEX CONCURRENTLY IF NOT EXISTS bookings_guest_id_idx ON bookings (guest_id);
ALTER TABLE bookings VALIDATE CONSTRAINT bookings_guest_fk;

-- expect: drop-not-null
ALTER TABLE bookings ALTER COLUMN checkout_note DROP NOT NULL;

-- expect: unique-constraint-without-index
ALTER TABLE guests ADD CONSTRAINT guests_email_key UNIQUE (email);

-- expect: identifier-too-long
CREATE INDEX CONCURRENTLY IF NOT EXISTS bookings_room_id_during_guest_id_status_created_at_partial_active_idx
    ON bookings (room_id, guest_id, created_at) WHERE status = 'active';
