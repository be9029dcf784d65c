-- migcheck-test: pg-version=15
-- Deploy crm:contacts_contract to pg
-- requires: crm:contacts_expand
SET lock_timeout = '2s';

BEGIN;

-- expect: rename-table
ALTER TABLE contacts RENAME TO crm_contacts;

-- expect: drop-column
ALTER TABLE crm_contacts DROP COLUMN IF EXISTS fax_number;

-- RULES rename-table "Use instead": an updatable view under the old name
CREATE VIEW contacts AS SELECT * FROM crm_contacts;

-- renaming an index or a constraint does not break application queries
ALTER INDEX contacts_email_idx RENAME TO crm_contacts_email_idx;
ALTER TABLE crm_contacts RENAME CONSTRAINT contacts_pkey TO crm_contacts_pkey;

COMMIT;

-- scratch table created and dropped by this script: new, so nothing can depend on it
CREATE TABLE tmp_contact_dupes AS
SELECT lower(email) AS email, min(id) AS keep_id
FROM crm_contacts
GROUP BY lower(email)
HAVING count(*) > 1;

UPDATE crm_contacts c
SET    merged_into_id = d.keep_id
FROM   tmp_contact_dupes d
WHERE  lower(c.email) = d.email AND c.id <> d.keep_id;

DROP TABLE tmp_contact_dupes;

-- expect: drop-table
DROP TABLE IF EXISTS contact_fax_log;
