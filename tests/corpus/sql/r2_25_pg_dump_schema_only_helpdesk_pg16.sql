-- migcheck-test: pg-version=16
-- fragment of pg_dump --schema-only -n public helpdesk (16.3), restored into an empty database
SET statement_timeout = 0;
SET lock_timeout = 0;
SET client_encoding = 'UTF8';
SET standard_conforming_strings = on;
SELECT pg_catalog.set_config('search_path', '', false);
SET check_function_bodies = false;
SET client_min_messages = warning;

CREATE TYPE public.ticket_state AS ENUM (
    'new',
    'open',
    'closed'
);

CREATE FUNCTION public.touch_updated_at() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
BEGIN
    NEW.updated_at := now();
    RETURN NEW;
END;
$$;

SET default_table_access_method = heap;

CREATE TABLE public.helpdesk_queues (
    id bigint NOT NULL,
    name text NOT NULL
);

CREATE SEQUENCE public.helpdesk_queues_id_seq START WITH 1 INCREMENT BY 1 NO MINVALUE NO MAXVALUE CACHE 1;
ALTER SEQUENCE public.helpdesk_queues_id_seq OWNED BY public.helpdesk_queues.id;

CREATE TABLE public.helpdesk_tickets (
    id bigint NOT NULL,
    queue_id bigint NOT NULL,
    state public.ticket_state DEFAULT 'new'::public.ticket_state NOT NULL,
    subject character varying(200) NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL
);

ALTER TABLE public.helpdesk_tickets OWNER TO app;
ALTER TABLE public.helpdesk_tickets ALTER COLUMN id ADD GENERATED ALWAYS AS IDENTITY (
    SEQUENCE NAME public.helpdesk_tickets_id_seq START WITH 1 INCREMENT BY 1 NO MINVALUE NO MAXVALUE CACHE 1
);
ALTER TABLE ONLY public.helpdesk_queues ALTER COLUMN id SET DEFAULT nextval('public.helpdesk_queues_id_seq'::regclass);

-- every object below was created earlier in this file: nothing here locks an existing table
ALTER TABLE ONLY public.helpdesk_queues
    ADD CONSTRAINT helpdesk_queues_pkey PRIMARY KEY (id);
ALTER TABLE ONLY public.helpdesk_tickets
    ADD CONSTRAINT helpdesk_tickets_pkey PRIMARY KEY (id);
CREATE INDEX helpdesk_tickets_queue_id_idx ON public.helpdesk_tickets USING btree (queue_id);
CREATE TRIGGER helpdesk_tickets_touch BEFORE UPDATE ON public.helpdesk_tickets FOR EACH ROW EXECUTE FUNCTION public.touch_updated_at();
ALTER TABLE ONLY public.helpdesk_tickets
    ADD CONSTRAINT helpdesk_tickets_queue_id_fkey FOREIGN KEY (queue_id) REFERENCES public.helpdesk_queues(id);
