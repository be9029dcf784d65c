CREATE TABLE commits (uuid text PRIMARY KEY, hash text NOT NULL);
CREATE TABLE tags (uuid text PRIMARY KEY, name text NOT NULL);
-- expect: foreign-key-without-index
CREATE TABLE commit_tag (
    commit_id text NOT NULL REFERENCES commits (uuid),
    tag_id text NOT NULL REFERENCES tags (uuid),
    PRIMARY KEY (commit_id, tag_id)
);
-- expect: foreign-key-without-index
CREATE TABLE notes (id bigserial PRIMARY KEY, tag_id text REFERENCES tags (uuid), body text);
