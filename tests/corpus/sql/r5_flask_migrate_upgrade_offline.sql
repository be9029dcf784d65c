BEGIN;

-- Running upgrade 37f06a334dbf -> 780739b227a7

-- expect: missing-lock-timeout
ALTER TABLE "user" ADD COLUMN about_me VARCHAR(140);

ALTER TABLE "user" ADD COLUMN last_seen TIMESTAMP WITHOUT TIME ZONE;

UPDATE alembic_version SET version_num='780739b227a7' WHERE alembic_version.version_num = '37f06a334dbf';

-- Running upgrade 780739b227a7 -> ae346256b650

CREATE TABLE followers (
    follower_id INTEGER NOT NULL, 
    followed_id INTEGER NOT NULL, 
    PRIMARY KEY (follower_id, followed_id), 
    FOREIGN KEY(followed_id) REFERENCES "user" (id), 
    FOREIGN KEY(follower_id) REFERENCES "user" (id)
);

CREATE INDEX ix_followers_followed_id ON followers (followed_id);

UPDATE alembic_version SET version_num='ae346256b650' WHERE alembic_version.version_num = '780739b227a7';

-- Running upgrade ae346256b650 -> 834b1a697901

-- expect: statements-after-access-exclusive
ALTER TABLE post ADD COLUMN language VARCHAR(5);

UPDATE alembic_version SET version_num='834b1a697901' WHERE alembic_version.version_num = 'ae346256b650';

-- Running upgrade 834b1a697901 -> 2b017edaa91f

ALTER TABLE "user" ADD COLUMN last_message_read_time TIMESTAMP WITHOUT TIME ZONE;

CREATE TABLE message (
    id SERIAL NOT NULL, 
    sender_id INTEGER NOT NULL, 
    recipient_id INTEGER NOT NULL, 
    body VARCHAR(140) NOT NULL, 
    timestamp TIMESTAMP WITHOUT TIME ZONE NOT NULL, 
    PRIMARY KEY (id), 
    FOREIGN KEY(recipient_id) REFERENCES "user" (id), 
    FOREIGN KEY(sender_id) REFERENCES "user" (id)
);

CREATE INDEX ix_message_recipient_id ON message (recipient_id);

CREATE INDEX ix_message_sender_id ON message (sender_id);

CREATE INDEX ix_message_timestamp ON message (timestamp);

UPDATE alembic_version SET version_num='2b017edaa91f' WHERE alembic_version.version_num = '834b1a697901';

-- Running upgrade 2b017edaa91f -> f7ac3d27bb1d

-- expect: json-column
ALTER TABLE "user" ADD COLUMN preferences JSON;

-- expect: drop-column
ALTER TABLE "user" DROP COLUMN token_expiration;

-- expect: index-not-concurrent, statements-after-access-exclusive
CREATE INDEX ix_post_language ON post (language);

UPDATE alembic_version SET version_num='f7ac3d27bb1d' WHERE alembic_version.version_num = '2b017edaa91f';

COMMIT;
