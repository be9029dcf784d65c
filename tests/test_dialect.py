"""Another database's SQL: which words are type names PostgreSQL lacks, and where."""

from __future__ import annotations

import pytest

from migcheck.analysis.dialect import defined_type, foreign_types, non_postgres_syntax


@pytest.mark.parametrize(
    ("sql", "found"),
    [
        (
            "CREATE TABLE t (a BLOB, b TINYINT(1), c DATETIME, e DOUBLE, "
            "x double precision, f MEDIUMTEXT, y int)",
            ("blob", "tinyint", "datetime", "double", "mediumtext"),
        ),
        # Column names that are foreign type names are no types; a column called "data" or
        # "type" can still have one.
        (
            'CREATE TABLE t (blob bytea, number int, image text, "year" int, data image, type blob)',
            ("image", "blob"),
        ),
        ("ALTER TABLE t ADD COLUMN x BLOB", ("blob",)),
        ("ALTER TABLE t ADD COLUMN IF NOT EXISTS x clob", ("clob",)),
        ("ALTER TABLE t ADD x datetime", ("datetime",)),
        ("ALTER TABLE t ALTER COLUMN x TYPE BLOB", ("blob",)),
        ("ALTER TABLE t ALTER COLUMN x SET DATA TYPE year", ("year",)),
        ("ALTER TABLE t ALTER x TYPE varchar(10)", ()),
        ('CREATE TABLE "t" ("a" BLOB)', ("blob",)),
        ("CREATE UNLOGGED TABLE t (a blob)", ("blob",)),
        # Queries: "SELECT a year" names a column year; a cast still needs a real type.
        ("SELECT a year, b::datetime FROM t", ("datetime",)),
        ("CREATE TABLE t AS SELECT a, b year FROM s", ()),
        # interval qualifiers, constraint names, literals, dollar quotes and comments.
        (
            "CREATE TABLE t (x interval year to month, CONSTRAINT number CHECK (x > 0), "
            "y text DEFAULT $$a blob$$, z text DEFAULT 'a blob')",
            (),
        ),
        ("ALTER TABLE t ADD CONSTRAINT number UNIQUE (x)", ()),
        ("UPDATE t SET x = 1 -- x blob", ()),
        ("CREATE TYPE year AS (a int)", ()),
        # Subcommands after a comma, E'' strings with escapes, quoted identifiers holding a
        # quote, nested comments (each accepted by PostgreSQL 18).
        ("ALTER TABLE e ALTER COLUMN a DROP NOT NULL, ALTER year SET DEFAULT 2024", ()),
        ("ALTER TABLE e ALTER COLUMN a DROP NOT NULL, DROP number", ()),
        ("ALTER TABLE e ADD COLUMN label text DEFAULT E'Jan\\'s (new year)'", ()),
        ("""CREATE TABLE c ("o'clock" int, note text DEFAULT 'see (raw image)')""", ()),
        ("CREATE TABLE n (a int /* outer /* inner */ , b image */, c int)", ()),
        ("ALTER TABLE e ADD COLUMN a int, ADD COLUMN b blob", ("blob",)),
        # CAST(... AS type) is a type position too; a foreign table has column definitions.
        ("SELECT CAST(created AS datetime), (CAST(1 AS int)) AS year FROM t", ("datetime",)),
        ("ALTER TABLE t ALTER COLUMN d SET DEFAULT CAST(now() AS datetime)", ("datetime",)),
        ("CREATE FOREIGN TABLE f (a blob) SERVER s", ("blob",)),
    ],
)
def test_foreign_types(sql: str, found: tuple[str, ...]) -> None:
    assert foreign_types(sql) == found


@pytest.mark.parametrize(
    ("sql", "reason"),
    [
        ("CREATE TABLE t (id int unsigned)", "UNSIGNED (MySQL)"),
        ("CREATE TABLE `t` (id int)", "backtick-quoted identifiers (MySQL)"),
        ("DO $$ BEGIN RAISE NOTICE '`x`'; END $$", None),
        ("DO $body$ BEGIN EXECUTE 'CREATE TABLE `x` (a int)'; END $body$", None),
        ("CREATE TABLE t (a text) -- `comment`", None),
        # A name a naming convention made ("ck_%(table_name)s_`%(constraint_name)s`"):
        # quoted, it is an identifier like any other.
        (
            "CREATE TABLE spans (s text CONSTRAINT \"ck_spans_`valid_status`\" CHECK (s <> ''))",
            None,
        ),
        ('ALTER TABLE "a`b" ADD COLUMN `c` int', "backtick-quoted identifiers (MySQL)"),
        # Outside column definitions "unsigned" is a column alias.
        ("CREATE VIEW v AS SELECT 1::int unsigned", None),
        ("ALTER TABLE t ADD COLUMN hits integer(10) unsigned", "UNSIGNED (MySQL)"),
    ],
)
def test_non_postgres_syntax(sql: str, reason: str | None) -> None:
    found = non_postgres_syntax(sql)
    assert (found and found.removeprefix("not PostgreSQL syntax: ")) == reason


def test_defined_type() -> None:
    assert defined_type("CREATE TYPE year AS (a int)") == "year"
    assert defined_type('CREATE DOMAIN public."Blob" AS bytea') == "Blob"
    assert defined_type("CREATE DOMAIN Blob AS bytea") == "blob"
    assert defined_type("CREATE TABLE blob (a int)") is None


@pytest.mark.parametrize(
    "sql",
    [
        "CREATE TABLE assignment (type type NOT NULL, actor_id varchar(64) NOT NULL)",
        "CREATE TABLE domains (\n    id text,\n    type type DEFAULT 'PRIMARY',\n    shard smallint)",
    ],
)
def test_a_column_of_a_type_named_type_is_understood(sql: str) -> None:
    """keystone's and designate's ``sa.Enum(..., name="type")``: valid PostgreSQL that sqlglot
    reads only with the type's name quoted."""
    from migcheck.analysis.parse import analyze

    facts = analyze(sql)
    assert facts.parsed, facts.note
    assert [type(action).__name__ for action in facts.actions] == ["CreateTable"]
