--
-- PostgreSQL database dump
--
\restrict ZEINKG0YPwI90I7sTOH1SljIcJUXPKQAKxk1Tr5qJjniOB9ufMQDeP2EiZ1Oy4A

-- Dumped from database version 15.18 (Debian 15.18-0+deb12u1)
-- Dumped by pg_dump version 15.18 (Debian 15.18-0+deb12u1)
-- pg_dump -t 'public.order*' shop  (customers and products are not in this dump)

SET statement_timeout = 0;
SET lock_timeout = 0;
SET idle_in_transaction_session_timeout = 0;
SET client_encoding = 'UTF8';
SET standard_conforming_strings = on;
SELECT pg_catalog.set_config('search_path', '', false);
SET check_function_bodies = false;
SET xmloption = content;
SET client_min_messages = warning;
SET row_security = off;

CREATE FUNCTION public.set_updated_at() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
BEGIN
  NEW.updated_at := now();  -- keep in sync; see docs
  RETURN NEW;
END;
$$;
ALTER FUNCTION public.set_updated_at() OWNER TO shop;
SET default_tablespace = '';
SET default_table_access_method = heap;
CREATE TABLE public.orders (
    id bigint NOT NULL,
    customer_id bigint NOT NULL,
    note text,
    updated_at timestamp with time zone
);
ALTER TABLE public.orders OWNER TO shop;
COMMENT ON TABLE public.orders IS 'One row per checkout; status drives fulfilment -- see ops runbook';
CREATE SEQUENCE public.orders_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;
ALTER TABLE public.orders_id_seq OWNER TO shop;
ALTER SEQUENCE public.orders_id_seq OWNED BY public.orders.id;
CREATE TABLE public.order_items (
    order_id bigint NOT NULL,
    product_id integer NOT NULL,
    quantity integer DEFAULT 1 NOT NULL
);
ALTER TABLE public.order_items OWNER TO shop;
ALTER TABLE ONLY public.orders ALTER COLUMN id SET DEFAULT nextval('public.orders_id_seq'::regclass);

COPY public.orders (id, customer_id, note, updated_at) FROM stdin;
1	1	leave at door; ring twice -- thanks /* not a comment */	\N
2	2	\N	\N
3	2	it's $$ off; DROP TABLE public.orders; --	2026-11-24 00:05:06.583397+00
\.

COPY public.order_items (order_id, product_id, quantity) FROM stdin;
1	1	2
1	2	1
\.

SELECT pg_catalog.setval('public.orders_id_seq', 3, true);
ALTER TABLE ONLY public.order_items
    ADD CONSTRAINT order_items_pkey PRIMARY KEY (order_id, product_id);
ALTER TABLE ONLY public.orders
    ADD CONSTRAINT orders_pkey PRIMARY KEY (id);
CREATE INDEX orders_customer_id_idx ON public.orders USING btree (customer_id);
CREATE TRIGGER orders_set_updated_at BEFORE UPDATE ON public.orders FOR EACH ROW EXECUTE FUNCTION public.set_updated_at();
ALTER TABLE ONLY public.order_items
    ADD CONSTRAINT order_items_order_id_fkey FOREIGN KEY (order_id) REFERENCES public.orders(id) ON DELETE CASCADE;
-- expect: foreign-key-without-index, missing-lock-timeout
ALTER TABLE ONLY public.order_items
    ADD CONSTRAINT order_items_product_id_fkey FOREIGN KEY (product_id) REFERENCES public.products(id);
ALTER TABLE ONLY public.orders
    ADD CONSTRAINT orders_customer_id_fkey FOREIGN KEY (customer_id) REFERENCES public.customers(id);
GRANT SELECT ON TABLE public.orders TO shop_ro;

\unrestrict ZEINKG0YPwI90I7sTOH1SljIcJUXPKQAKxk1Tr5qJjniOB9ufMQDeP2EiZ1Oy4A
