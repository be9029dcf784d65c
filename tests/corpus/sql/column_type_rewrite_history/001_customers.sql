-- Linted together with 002: the schema model carries the column types across files.
CREATE TABLE customers (
    id integer PRIMARY KEY,
    email varchar(120) NOT NULL,
    name varchar(80),
    note varchar(200),
    balance numeric(10, 2) NOT NULL DEFAULT 0,
    created_at timestamp(0) NOT NULL DEFAULT now(),
    external_ref varchar(40),
    login_count integer NOT NULL DEFAULT 0,
    nickname varchar(30),
    tags varchar(20)[],
    aliases varchar(20)[]
);
