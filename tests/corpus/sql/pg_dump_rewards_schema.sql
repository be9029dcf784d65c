--
-- PostgreSQL database dump (fragment: rewards schema, pg_dump --schema-only)
--
-- Every object below is created in this file, so nothing here is a finding.

SET statement_timeout = 0;
SET lock_timeout = 0;
SET client_encoding = 'UTF8';
SET standard_conforming_strings = on;
SELECT pg_catalog.set_config('search_path', '', false);
SET check_function_bodies = false;
SET client_min_messages = warning;

CREATE SCHEMA rewards;

CREATE TYPE rewards.reward_kind AS ENUM ('points', 'voucher', 'cashback');

-- Called by the yearly season-reset job, not by this script: the unbounded
-- DELETE/UPDATE in the dollar-quoted body are not executed here.
CREATE FUNCTION rewards.reset_season() RETURNS void
    LANGUAGE plpgsql
    AS $_$
BEGIN
    DELETE FROM rewards.point_ledger;
    UPDATE rewards.reward_members SET points = 0;
END;
$_$;

CREATE TABLE rewards.reward_members (
    id bigint NOT NULL,
    email text NOT NULL,
    points integer DEFAULT 0 NOT NULL
);

CREATE SEQUENCE rewards.reward_members_id_seq START WITH 1 INCREMENT BY 1 NO MINVALUE NO MAXVALUE CACHE 1;

ALTER SEQUENCE rewards.reward_members_id_seq OWNED BY rewards.reward_members.id;

CREATE TABLE rewards.point_ledger (
    id bigint NOT NULL,
    member_id bigint NOT NULL,
    kind rewards.reward_kind NOT NULL,
    delta integer NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL
);

ALTER TABLE ONLY rewards.reward_members ALTER COLUMN id SET DEFAULT nextval('rewards.reward_members_id_seq'::regclass);

ALTER TABLE ONLY rewards.reward_members
    ADD CONSTRAINT reward_members_pkey PRIMARY KEY (id);

ALTER TABLE ONLY rewards.point_ledger
    ADD CONSTRAINT point_ledger_pkey PRIMARY KEY (id);

CREATE UNIQUE INDEX reward_members_email_key ON rewards.reward_members USING btree (lower(email));

CREATE INDEX point_ledger_member_id_idx ON rewards.point_ledger USING btree (member_id);

ALTER TABLE ONLY rewards.point_ledger
    ADD CONSTRAINT point_ledger_member_id_fkey FOREIGN KEY (member_id) REFERENCES rewards.reward_members(id) ON DELETE CASCADE;
