-- V90: CRM naming cleanup (psql, autocommit).
SET lock_timeout = '2s';

-- Instant, but running instances still query crm.prospects.
-- expect: rename-table
ALTER TABLE crm.prospects RENAME TO leads;

-- expect: rename-column
ALTER TABLE crm.leads RENAME COLUMN "fullName" TO full_name;

-- The COLUMN keyword is optional (ALTER TABLE synopsis: RENAME [ COLUMN ]).
-- expect: rename-column
ALTER TABLE IF EXISTS ONLY crm.accounts RENAME owner_id TO owner_user_id;

-- expect: rename-table
ALTER TABLE IF EXISTS public."UserSettings" RENAME TO user_settings;

-- Index and constraint names are not referenced by application queries:
-- renaming them is neither rename-table nor rename-column.
ALTER INDEX IF EXISTS crm.prospects_email_idx RENAME TO leads_email_idx;
ALTER TABLE crm.leads RENAME CONSTRAINT prospects_pkey TO leads_pkey;

COMMENT ON TABLE crm.leads IS 'Formerly crm.prospects (renamed in V90)';
