"""Which ``ALTER COLUMN ... TYPE`` and ``ADD COLUMN`` forms rewrite the table: the linter's
answer, and the same cases run on a real PostgreSQL (the ``relfilenode`` changes exactly when the
table is rewritten). These tables are the ground truth for ``column-type-rewrite`` and
``add-column-rewrite``."""

from __future__ import annotations

from typing import TYPE_CHECKING, LiteralString, cast

import pytest

from migcheck.analysis.facts import AddColumn
from migcheck.analysis.parse import analyze
from migcheck.analysis.types import type_change_rewrites
from migcheck.rules.effects import add_column_rewrite_reason

if TYPE_CHECKING:
    from migcheck.rehearse.backends import Database

# (column definition, new type, USING or None, rewrites?)
CASES: list[tuple[str, str, str | None, bool]] = [
    # binary coercible: catalog only
    ("varchar(120)", "varchar(255)", None, False),
    ("varchar(120)", "text", None, False),
    ("varchar(120)", "varchar", None, False),
    ("varchar", "text", None, False),
    ("text", "varchar", None, False),
    ("numeric(10,2)", "numeric(12,2)", None, False),
    ("numeric(10,2)", "numeric", None, False),
    ("timestamp(3)", "timestamp", None, False),
    ("timestamptz(3)", "timestamptz(6)", None, False),
    ("time(3)", "time(6)", None, False),
    ("varbit(4)", "varbit(8)", None, False),
    ("bit(4)", "varbit", None, False),
    ("cidr", "inet", None, False),
    ("xml", "text", None, False),
    ("varchar(20)[]", "varchar[]", None, False),
    ("integer", "int4", None, False),
    # USING that does not change the contents
    ("varchar(200)", "text", "x::text", False),
    ("varchar(200)", "text", "CAST(x AS text)", False),
    ("varchar(10)", "varchar(20)", "(x)::varchar(20)", False),
    ("varchar(10)", "text", "x", False),
    # rewrites
    ("integer", "bigint", None, True),
    ("smallint", "integer", None, True),
    ("bigint", "integer", None, True),
    ("real", "double precision", None, True),
    ("varchar(120)", "varchar(20)", None, True),
    ("varchar", "varchar(10)", None, True),
    ("text", "varchar(10)", None, True),
    ("char(5)", "char(10)", None, True),
    ("char(5)", "varchar(10)", None, True),
    ("char(5)", "text", None, True),
    ("numeric", "numeric(10,2)", None, True),
    ("numeric(10,2)", "numeric(8,2)", None, True),
    ("numeric(10,2)", "numeric(14,4)", None, True),
    ("timestamp(6)", "timestamp(3)", None, True),
    ("interval", "interval(3)", None, True),
    ("bit(4)", "varbit(8)", None, True),
    ("inet", "cidr", None, True),
    ("uuid", "text", None, True),
    ("json", "jsonb", "x::jsonb", True),
    ("varchar(20)[]", "varchar(40)[]", None, True),
    ("varchar(20)[]", "text[]", None, True),
    ("text[]", "varchar[]", None, True),
    ("integer", "bigint", "x::bigint", True),
    ("varchar(200)", "text", "lower(x)", True),
    ("varchar(10)", "varchar(5)", "x::varchar(5)", True),
    ("integer", "integer", "x + 0", True),
    # Skips the rewrite only when the session time zone is UTC, which a linter cannot know
    # (the PostgreSQL check below runs it in another zone).
    ("timestamp", "timestamptz", None, True),
]


# ALTER TABLE t (id int PRIMARY KEY, 10 rows) ..., and whether it rewrites (PostgreSQL 18).
ADD_COLUMN_CASES: list[tuple[str, bool]] = [
    ("ADD COLUMN c bigint GENERATED ALWAYS AS IDENTITY", True),
    ("ADD COLUMN c bigint GENERATED ALWAYS AS (id * 2) STORED", True),
    ("ADD COLUMN c serial", True),
    ("ADD COLUMN c double precision DEFAULT random()", True),
    ("ADD COLUMN c uuid DEFAULT gen_random_uuid()", True),
    ("ADD COLUMN c timestamptz DEFAULT clock_timestamp()", True),
    ("ADD COLUMN c timestamptz DEFAULT now()", False),
    ("ADD COLUMN c timestamptz DEFAULT CURRENT_TIMESTAMP", False),
    ("ADD COLUMN c timestamptz DEFAULT date_trunc('day', now())", False),
    ("ADD COLUMN c timestamptz DEFAULT (now() AT TIME ZONE 'utc')", False),
    ("ADD COLUMN c int DEFAULT extract(year from now())", False),
    ("ADD COLUMN c text DEFAULT md5('x')", False),
    ("ADD COLUMN c text DEFAULT current_user", False),
    ("ADD COLUMN c int NOT NULL DEFAULT 0", False),
    ("ADD COLUMN c jsonb NOT NULL DEFAULT '{}'::jsonb", False),
    ("ADD COLUMN c text[] DEFAULT ARRAY[]::text[]", False),
    ("ADD COLUMN c tstzrange DEFAULT tstzrange(now(), NULL)", False),
    ("ADD COLUMN c int CHECK (c > 0)", False),  # scanned (validating-constraint), not rewritten
    ("ADD COLUMN c int", False),
]


def _ids() -> list[str]:
    return [f"{old}->{new}" + (f" USING {using}" if using else "") for old, new, using, _ in CASES]


@pytest.mark.parametrize(("old", "new", "using", "rewrites"), CASES, ids=_ids())
def test_linter_answer(old: str, new: str, using: str | None, rewrites: bool) -> None:
    statement = f"ALTER TABLE t ALTER COLUMN x TYPE {new}" + (f" USING {using}" if using else "")
    (action,) = analyze(statement).actions
    new_type = getattr(action, "new_type", new)
    parsed_using = getattr(action, "using", None)
    assert type_change_rewrites(old, new_type, using=parsed_using, column="x") is rewrites


@pytest.mark.parametrize(
    ("clause", "rewrites"), ADD_COLUMN_CASES, ids=[c for c, _ in ADD_COLUMN_CASES]
)
def test_add_column_linter_answer(clause: str, rewrites: bool) -> None:
    (action,) = analyze(f"ALTER TABLE t {clause}").actions
    assert isinstance(action, AddColumn)
    assert (add_column_rewrite_reason(action.column, pg_version=18) is not None) is rewrites


@pytest.mark.postgres
@pytest.mark.slow
def test_add_column_postgresql_agrees(pg_database: Database) -> None:
    from migcheck.rehearse.backends import connect

    disagreements: list[str] = []
    with connect(pg_database, autocommit=True) as conn:

        def run(statement: str) -> None:
            conn.execute(cast("LiteralString", statement))  # test-controlled DDL

        for index, (clause, rewrites) in enumerate(ADD_COLUMN_CASES):
            table = f"a{index}"
            run(f"CREATE TABLE {table} (id int PRIMARY KEY)")
            run(f"INSERT INTO {table} (id) SELECT g FROM generate_series(1, 10) g")
            query = "SELECT relfilenode FROM pg_class WHERE relname = %s"
            before = conn.execute(query, (table,)).fetchone()
            run(f"ALTER TABLE {table} {clause}")
            after = conn.execute(query, (table,)).fetchone()
            if (before != after) is not rewrites:
                disagreements.append(f"{clause}: PostgreSQL rewrites={before != after}")
    assert not disagreements, "\n".join(disagreements)


@pytest.mark.postgres
@pytest.mark.slow
def test_postgresql_agrees(pg_database: Database) -> None:
    """Every case above, run on PostgreSQL: the relfilenode changes iff the table is rewritten."""
    from migcheck.rehearse.backends import connect

    disagreements: list[str] = []
    with connect(pg_database, autocommit=True) as conn:

        def run(statement: str) -> None:
            # Test-controlled DDL (the cases above), not user input.
            conn.execute(cast("LiteralString", statement))

        run("SET TIME ZONE 'America/New_York'")
        for index, (old, new, using, rewrites) in enumerate(CASES):
            table = f"t{index}"
            run(f"CREATE TABLE {table} (id int, x {old})")
            run(f"INSERT INTO {table} (id) SELECT g FROM generate_series(1, 10) g")
            query = "SELECT relfilenode FROM pg_class WHERE relname = %s"
            before = conn.execute(query, (table,)).fetchone()
            run(
                f"ALTER TABLE {table} ALTER COLUMN x TYPE {new}"
                + (f" USING {using}" if using else "")
            )
            after = conn.execute(query, (table,)).fetchone()
            if (before != after) is not rewrites:
                disagreements.append(f"{old} -> {new} USING {using}: PostgreSQL {before != after}")
    assert not disagreements, "\n".join(disagreements)


# ALTER COLUMN ... TYPE without USING: which changes PostgreSQL refuses (42804, "cannot be cast
# automatically"). Every ordered pair of these types.
CAST_TYPES = (
    "text",
    "varchar(20)",
    "char(5)",
    "smallint",
    "integer",
    "bigint",
    "numeric(12,2)",
    "real",
    "double precision",
    "boolean",
    "json",
    "jsonb",
    "uuid",
    "date",
    "timestamp",
    "timestamptz",
    "time",
    "timetz",
    "interval",
    "bytea",
    "inet",
    "cidr",
)


@pytest.mark.postgres
@pytest.mark.slow
def test_needs_using_agrees_with_postgresql(pg_database: Database) -> None:
    """needs_using(old, new) is True exactly where PostgreSQL refuses the change without
    USING (on an empty column: no value can fail a conversion)."""
    import psycopg

    from migcheck.analysis.types import needs_using
    from migcheck.rehearse.backends import connect

    disagreements: list[str] = []
    with connect(pg_database, autocommit=True) as conn:
        for index, old in enumerate(CAST_TYPES):
            table = f"cast_{index}"
            conn.execute(cast("LiteralString", f"CREATE TABLE {table} (x {old})"))
            for new in CAST_TYPES:
                if new == old:
                    continue
                refused = False
                try:
                    with conn.transaction():
                        conn.execute(
                            cast("LiteralString", f"ALTER TABLE {table} ALTER COLUMN x TYPE {new}")
                        )
                        raise _RollBack
                except _RollBack:
                    pass
                except psycopg.errors.DatatypeMismatch:
                    refused = True
                if refused is not needs_using(old, new):
                    disagreements.append(f"{old} -> {new}: PostgreSQL refuses={refused}")
    assert not disagreements, "\n".join(disagreements)


class _RollBack(Exception):
    """Undo a change that worked, so the next one starts from the same column type."""
