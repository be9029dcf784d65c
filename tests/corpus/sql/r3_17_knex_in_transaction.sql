-- migcheck-test: assume-in-transaction
-- knex migration 20250301120000_audit_events.js rendered with knex.schema...toString();
-- knex runs each migration inside one transaction (config.transaction defaults to true).
set lock_timeout = '2s';
-- expect: json-column
create table "audit_events" ("id" bigserial primary key, "actor_id" bigint not null, "action" varchar(64) not null, "payload" json, "created_at" timestamptz not null default CURRENT_TIMESTAMP);
create index "audit_events_actor_id_index" on "audit_events" ("actor_id");
create index "audit_events_created_at_index" on "audit_events" ("created_at");
-- expect: non-transactional-statement
create index concurrently "users_email_lower_index" on "users" (lower("email"));
alter table "users" add column "last_login_at" timestamptz null;
-- expect: index-not-concurrent, statements-after-access-exclusive
create index "users_last_login_at_index" on "users" ("last_login_at");
alter table "audit_events" add constraint "audit_events_actor_id_foreign" foreign key ("actor_id") references "users" ("id") on delete cascade;
comment on column "audit_events"."payload" is 'Raw request body; may contain "--" and '';''';
