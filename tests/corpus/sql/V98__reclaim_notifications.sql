-- migcheck-test: assume-in-transaction
-- Flyway V98: refresh statistics and reclaim space after the nightly purge
-- job deleted old notifications. Flyway runs the whole file inside one
-- transaction.
SET lock_timeout = '5s';

-- VACUUM docs: "VACUUM cannot be executed inside a transaction block."
-- expect: non-transactional-statement
VACUUM (ANALYZE) notifications;

-- ANALYZE alone has no such restriction and may run inside a transaction
-- block (ANALYZE docs); it takes SHARE UPDATE EXCLUSIVE and rewrites nothing.
ANALYZE notification_deliveries;

COMMENT ON TABLE notifications IS 'Purged nightly; see jobs/purge_notifications.sql';
