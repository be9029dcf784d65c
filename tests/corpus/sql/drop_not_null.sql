SET lock_timeout = '2s';
-- Manual payments have no provider.
-- expect: drop-not-null
ALTER TABLE payments ALTER COLUMN provider DROP NOT NULL;

CREATE TABLE drafts (id bigserial PRIMARY KEY, title text NOT NULL);
ALTER TABLE drafts ALTER COLUMN title DROP NOT NULL;
