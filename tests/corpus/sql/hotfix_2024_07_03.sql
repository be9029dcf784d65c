-- Hotfix 2024-07-03: two snippets pasted together from the incident doc.
-- Run with psql -f.
SET lock_timeout = '2s';

BEGIN;
ALTER TABLE support.tickets ADD COLUMN sla_breached boolean;

-- The second BEGIN is ignored with a WARNING (BEGIN docs): the single COMMIT
-- below commits both snippets as one transaction.
-- expect: nested-transaction
BEGIN;

-- Still in the first transaction: ACCESS EXCLUSIVE on support.tickets is held
-- while this statement waits for its lock on another table, but lock_timeout
-- (set above) bounds that wait: not reported.
ALTER TABLE support.ticket_comments
    ADD COLUMN is_internal boolean NOT NULL DEFAULT false;
COMMIT;

-- Back in autocommit: a quick catalog-only change in its own transaction.
ALTER TABLE support.ticket_comments ADD COLUMN edited_at timestamptz;
