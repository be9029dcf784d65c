-- migcheck: ignore-file[drop-table, truncate]
SET lock_timeout = '2s';
DROP TABLE newsletter_signups;
TRUNCATE password_reset_tokens;
-- expect: drop-column
ALTER TABLE users DROP COLUMN legacy_flag;
