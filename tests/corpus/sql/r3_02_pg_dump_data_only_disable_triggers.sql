--
-- PostgreSQL database dump
--

\restrict bsUfo2cXaTPHHhhU5G290S1WilYUuO7NJO5pYyuErFYPtnVuwh1CeWkoDerxhjV

-- Dumped from database version 15.18 (Debian 15.18-0+deb12u1)
-- Dumped by pg_dump version 15.18 (Debian 15.18-0+deb12u1)
-- pg_dump --data-only --disable-triggers -t public.customers -t public.orders shop
-- (restored into the existing staging database)

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

--
-- Data for Name: customers; Type: TABLE DATA; Schema: public; Owner: shop
--

SET SESSION AUTHORIZATION DEFAULT;

-- expect: missing-lock-timeout
ALTER TABLE public.customers DISABLE TRIGGER ALL;

COPY public.customers (id, email, name, created_at, updated_at) FROM stdin;
1	ada@example.com	Ada Lovelace	2026-11-24 00:05:06.582441+00	\N
2	grace@example.com	\N	2026-11-24 00:05:06.582441+00	\N
3	o'brien@example.com	Pat O'Brien; "PJ"	2026-11-24 00:05:07+00	\N
\.


ALTER TABLE public.customers ENABLE TRIGGER ALL;

--
-- Data for Name: orders; Type: TABLE DATA; Schema: public; Owner: shop
--

ALTER TABLE public.orders DISABLE TRIGGER ALL;

COPY public.orders (id, customer_id, status, note, created_at, updated_at) FROM stdin;
1	1	paid	leave at door; ring twice -- thanks /* not a comment */	2026-11-24 00:05:06.583397+00	\N
2	2	pending	\N	2026-11-24 00:05:06.583397+00	\N
3	3	paid	line one\nline two\tALTER TABLE public.orders DROP COLUMN note;	2026-11-24 00:05:08+00	\N
\.


ALTER TABLE public.orders ENABLE TRIGGER ALL;

--
-- Name: customers_id_seq; Type: SEQUENCE SET; Schema: public; Owner: shop
--

SELECT pg_catalog.setval('public.customers_id_seq', 3, true);


--
-- Name: orders_id_seq; Type: SEQUENCE SET; Schema: public; Owner: shop
--

SELECT pg_catalog.setval('public.orders_id_seq', 3, true);


--
-- PostgreSQL database dump complete
--

\unrestrict bsUfo2cXaTPHHhhU5G290S1WilYUuO7NJO5pYyuErFYPtnVuwh1CeWkoDerxhjV
