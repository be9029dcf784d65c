-- +goose Up
-- +goose NO TRANSACTION
-- Profiles for the accounts service. Everything here is created in this file.

CREATE TABLE acct_profiles (
    id            bigserial PRIMARY KEY,
    handle        varchar(50) NOT NULL,
    display_name  text,
    bio           text,
    region_id     integer,
    last_seen_at  timestamptz,
    settings      jsonb NOT NULL DEFAULT '{}'::jsonb
);

CREATE UNIQUE INDEX acct_profiles_handle_key ON acct_profiles (lower(handle));

CREATE TABLE acct_profile_links (
    id          bigserial PRIMARY KEY,
    profile_id  bigint NOT NULL REFERENCES acct_profiles (id) ON DELETE CASCADE,
    url         text NOT NULL
);

CREATE INDEX acct_profile_links_profile_id_idx ON acct_profile_links (profile_id);
