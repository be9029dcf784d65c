"""Planning a seed: which tables get how many rows, parents before children.

Tables come in foreign-key order; a cycle is broken at a table whose remaining references are
nullable (those columns stay NULL). Reads the catalog only.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import psycopg

from migcheck.errors import ConfigError
from migcheck.rehearse.seed.sql import _own_transactions


@dataclass(frozen=True)
class TablePlan:
    """Seed ``rows`` new rows into ``table`` (schema-qualified, e.g. ``"public.orders"``)."""

    table: str
    rows: int


@dataclass(frozen=True)
class PlannedForeignKey:
    """A foreign key that does not exist yet but that a revision under test will add (often
    ``NOT VALID``, then validated): its column is filled with the parent's keys, as the
    application would have kept it, instead of values of its own that the validation would
    then reject. Names as lint gives them: case-exact, ``"orders"`` or ``"billing.orders"``;
    no ``ref_columns``: the parent's primary key."""

    table: str
    columns: tuple[str, ...]
    ref_table: str
    ref_columns: tuple[str, ...] = ()


def regclass_text(name: str) -> str:
    """``name`` (case-exact, maybe schema-qualified) quoted for ``to_regclass``, which would
    otherwise fold ``Orders`` to ``orders``."""
    return ".".join('"' + part.replace('"', '""') + '"' for part in name.split("."))


def plan_seed(
    conn: psycopg.Connection[Any],
    *,
    default_rows: int,
    rows: Mapping[str, int] = {},
    schemas: Sequence[str] = ("public",),
    exclude: Sequence[str] = ("alembic_version",),
    planned_foreign_keys: Sequence[PlannedForeignKey] = (),
) -> list[TablePlan]:
    """Which tables get how many rows, parents before children (foreign-key order).

    ``rows`` overrides ``default_rows`` per table; keys are bare (``"orders"``, every schema) or
    qualified (``"public.orders"``); a key that names no table raises :class:`ConfigError`.
    Tables planned for 0 rows are left out. Foreign-key cycles are broken at a table whose
    remaining references are nullable (those columns stay NULL); self-references are fine.
    ``planned_foreign_keys`` order their parents first too. Only reads; leaves no transaction
    open on an idle ``conn``.
    """
    with _own_transactions(conn):
        return _plan(conn, default_rows, rows, schemas, exclude, planned_foreign_keys)


def _plan(
    conn: psycopg.Connection[Any],
    default_rows: int,
    rows: Mapping[str, int],
    schemas: Sequence[str],
    exclude: Sequence[str],
    planned_foreign_keys: Sequence[PlannedForeignKey],
) -> list[TablePlan]:
    found = conn.execute(
        """
        SELECT c.oid, n.nspname, c.relname
        FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE c.relkind IN ('r', 'p') AND NOT c.relispartition AND n.nspname = ANY(%s)
        ORDER BY n.nspname, c.relname
        """,
        (list(schemas),),
    ).fetchall()
    keys = {int(oid): f"{schema}.{name}" for oid, schema, name in found}
    bare = {int(oid): name for oid, _, name in found}

    def matches(pattern: str) -> set[int]:
        return {oid for oid in keys if pattern in (keys[oid], bare[oid])}

    counts = dict.fromkeys(keys, default_rows)
    for pattern, count in rows.items():
        hits = matches(pattern)
        if not hits:
            raise ConfigError(
                f"--rows names table {pattern!r}, which is not in schema(s) {', '.join(schemas)}"
            )
        if count < 0:
            raise ConfigError(f"--rows for {pattern!r} must be >= 0 (got {count})")
    # Qualified keys win over bare ones whatever the order they were given in.
    for pattern, count in sorted(rows.items(), key=lambda item: "." in item[0]):
        for oid in matches(pattern):
            counts[oid] = count
    for pattern in exclude:
        for oid in matches(pattern):
            counts.pop(oid, None)
    planned = {oid for oid, count in counts.items() if count > 0}

    edges: dict[int, dict[int, bool]] = {oid: {} for oid in planned}  # child -> parent -> nullable
    for child, parent, nullable in conn.execute(
        """
        SELECT con.conrelid, con.confrelid,
               bool_and(NOT a.attnotnull)
        FROM pg_constraint con
        JOIN pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = ANY(con.conkey)
        WHERE con.contype = 'f' AND con.conrelid = ANY(%s) AND con.confrelid = ANY(%s)
          AND con.conrelid <> con.confrelid
        GROUP BY con.oid, con.conrelid, con.confrelid
        """,
        (sorted(planned), sorted(planned)),
    ).fetchall():
        before = edges[int(child)].get(int(parent), True)
        edges[int(child)][int(parent)] = before and bool(nullable)
    for planned_fk in planned_foreign_keys:
        row = conn.execute(
            "SELECT to_regclass(%s)::oid::int, to_regclass(%s)::oid::int",
            (regclass_text(planned_fk.table), regclass_text(planned_fk.ref_table)),
        ).fetchone()
        child, parent = (row[0], row[1]) if row else (None, None)
        if child in edges and parent in planned and child != parent:
            # As a nullable reference: it does not exist yet, a cycle may break there.
            edges[child].setdefault(parent, True)

    order: list[int] = []
    remaining = set(planned)
    while remaining:
        ready = sorted(
            (oid for oid in remaining if not set(edges[oid]) & remaining), key=keys.__getitem__
        )
        if not ready:
            # A cycle: start with the table whose unmet references are all nullable (they stay
            # NULL), else the one with the fewest NOT NULL ones (seeding may then warn).
            def unmet_not_null(oid: int) -> tuple[int, str]:
                blocking = [p for p, nullable in edges[oid].items() if p in remaining]
                return (sum(not edges[oid][p] for p in blocking), keys[oid])

            ready = [min(remaining, key=unmet_not_null)]
        for oid in ready:
            order.append(oid)
            remaining.discard(oid)
    return [TablePlan(keys[oid], counts[oid]) for oid in order]
