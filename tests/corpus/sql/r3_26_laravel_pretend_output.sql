-- php artisan migrate --pretend (Laravel 11, pgsql grammar), copied into the release ticket.
SET lock_timeout = '2s';

-- 2025_03_10_000001_add_votes_to_users_table
alter table "users" add column "votes" integer not null default '0';
-- expect: add-column-rewrite
alter table "users" add column "uuid" uuid not null default gen_random_uuid();
-- expect: index-not-concurrent
create index "users_votes_index" on "users" ("votes");

-- 2025_03_10_000002_create_posts_table
create table "posts" ("id" bigserial not null primary key, "user_id" bigint not null, "title" varchar(255) not null, "body" text not null, "created_at" timestamp(0) without time zone null, "updated_at" timestamp(0) without time zone null);
-- expect: foreign-key-without-index
alter table "posts" add constraint "posts_user_id_foreign" foreign key ("user_id") references "users" ("id") on delete cascade;
create index "posts_title_body_fulltext" on "posts" using gin ((to_tsvector('english', "title") || to_tsvector('english', "body")));

-- 2025_03_10_000003_change_users_name
-- expect: column-type-rewrite, set-not-null-scan
alter table "users" alter column "name" type varchar(100), alter column "name" set not null, alter column "name" drop default;
-- expect: rename-column
alter table "users" rename column "nickname" to "display_name";
comment on column "users"."votes" is 'Up-votes; can''t go below 0 -- enforced in the app';
