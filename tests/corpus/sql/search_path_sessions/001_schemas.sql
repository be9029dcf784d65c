-- Tables of one name in two schemas (public and billing), and one in archive.
SET lock_timeout = '2s';
CREATE TABLE customers (id int PRIMARY KEY);
CREATE TABLE orders (id int PRIMARY KEY, customer_id int, note varchar(10));
CREATE TABLE payments (id int PRIMARY KEY);
CREATE SCHEMA billing;
CREATE TABLE billing.orders (id int PRIMARY KEY, customer_id int, note text);
CREATE SCHEMA archive;
CREATE TABLE archive.orders (id int PRIMARY KEY, customer_id int);
