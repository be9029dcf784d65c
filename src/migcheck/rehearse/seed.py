"""Fill a throwaway database with production-sized, constraint-respecting rows, server-side.

``migcheck rehearse`` upgrades a scratch PostgreSQL to the revision before the ones under test,
then calls :func:`plan_seed` and :func:`seed` so that the migrations meet realistic volumes.

How it works, and why:

* The schema is read from the catalog (types, NOT NULL, defaults, identity, generated columns,
  PRIMARY KEY / UNIQUE, CHECK, FOREIGN KEY); every column gets a SQL expression of the row number
  ``g`` (deterministic: ``hashint8extended(g, seed)`` instead of ``random()``, so two runs seed
  the same data and a child can recompute its parent's keys).
* Rows are made by the server, one ``INSERT ... SELECT ... FROM generate_series`` per chunk: no
  per-row round trips. ``generate_series`` sits in a target list (ProjectSet) rather than in FROM
  so that it streams instead of being materialised first.
* Per table, inside one transaction: the table's indexes and PK/UNIQUE/EXCLUDE constraints are
  dropped, the rows inserted, and everything recreated with the same names and definitions (then
  ANALYZE): one bulk build per index is several times cheaper than maintaining it row by row.
  Foreign-key values are drawn from the parents' keys, so as a superuser we skip the per-row RI
  triggers (``session_replication_role = replica``) and keep the foreign keys, and the keys they
  reference, in place (unless every table referencing it is still empty: then those foreign
  keys are dropped and added back too, checked in no time, and the keys rebuilt in bulk).
  Without that privilege the foreign keys touching the table are dropped too and validated when
  recreated (one query each, still far cheaper than a trigger per row). If anything stops this
  (partitioned table, a view that depends on the primary key, a missing privilege), the table is
  seeded with its indexes in place instead.
* Identity and serial columns get the numbers their sequence would give, written out, and the
  sequence is moved past them afterwards: ``nextval()`` on every row costs a lock and a buffer
  access, and makes concurrent inserts queue.
* A probe of :data:`PROBE_ROWS` rows (rolled back) runs first; a CHECK the generator could not
  anticipate is answered by a fallback (NULL, the column default, or a constant) and reported in
  :attr:`SeedResult.warnings`.
* Triggers do not fire in replica mode (audit tables stay empty); foreign keys in a cycle that
  cannot be filled in order are left NULL (with a warning).
* Given a way to open more connections (``seed(..., connect=...)``) and a connection of its own
  (not inside the caller's transaction), an empty table of at least :data:`PARALLEL_MIN_ROWS`
  rows is filled by several connections at once (:func:`seed_workers`): one backend generating
  rows keeps one CPU core busy, so a second one on a second core adds about half as much again
  (they share the WAL and the table's end). The steps are then separate transactions: the index
  and key drops are committed, the probe runs on the main connection (so that the value
  generators are settled before anyone else uses them), every chunk is committed on its own,
  and the indexes and keys are rebuilt at the end. As the table was empty, anything that goes
  wrong after the first chunk is undone by emptying it again (and never touches rows that were
  there before us).
"""

from __future__ import annotations

import collections
import contextlib
import datetime as dt
import json
import math
import os
import queue
import random
import re
import threading
import time
import zlib
from collections.abc import Callable, Generator, Iterable, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any, LiteralString, cast

import psycopg
from psycopg import errors as pg_errors
from psycopg.conninfo import conninfo_to_dict, make_conninfo
from psycopg.pq import TransactionStatus

from migcheck.errors import BackendError, ConfigError, MigcheckError

__all__ = [
    "CHUNK_ROWS",
    "DEFAULT_NULL_FRACTION",
    "PARALLEL_MIN_ROWS",
    "WORKERS_ENV",
    "SeedResult",
    "TablePlan",
    "plan_seed",
    "read_production_stats",
    "seed",
    "seed_workers",
]

CHUNK_ROWS = 200_000
"""Rows per INSERT statement: large enough to amortise planning, small enough for progress."""
PROBE_ROWS = 1_000
"""Rows inserted (and rolled back) before the first chunk, to find violations cheaply."""
PARALLEL_MIN_ROWS = 50_000
"""Smaller tables are filled by one connection: more would cost more than they save."""
MAX_SEED_WORKERS = 4
"""Default cap on the connections filling one table (one per CPU core up to this)."""
WORKERS_ENV = "MIGCHECK_SEED_WORKERS"
"""Environment variable that forces the number of connections filling a table."""
DEFAULT_NULL_FRACTION = 0.05
"""Share of NULLs in a nullable column without a ``null_fractions`` entry."""
ARRAY_KEYS_LIMIT = 1_000
"""Parents with at most this many keys are inlined as an array literal, else a temp table."""
STATS_TIMEOUT_MS = 10_000
TIMESPAN_SECONDS = 3 * 365 * 86_400
"""Timestamps are spread over the three years before the seeding day."""
_STEP_SECONDS = 30 * 86_400
_FALLBACK_ATTEMPTS = 12
_MAX_DIGITS = 20  # of a row number, with a sign

Expr = Callable[[str], str]
"""A SQL expression as a function of the SQL text for the row number (a bigint)."""
ProgressCallback = Callable[[str, int, int], None]
Connect = Callable[[], "psycopg.Connection[Any]"]
"""Opens one more connection to the database being seeded."""


# ---------------------------------------------------------------------------------------------
# Public data
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class TablePlan:
    """Seed ``rows`` new rows into ``table`` (schema-qualified, e.g. ``"public.orders"``)."""

    table: str
    rows: int


@dataclass
class SeedResult:
    """What :func:`seed` did."""

    tables: dict[str, int]
    """Rows inserted per table (qualified name), in seeding order."""
    seconds: float
    warnings: list[str] = field(default_factory=list)
    """One line each: constraints that could not be satisfied, tables left unseeded, ..."""

    @property
    def total_rows(self) -> int:
        return sum(self.tables.values())


# ---------------------------------------------------------------------------------------------
# Catalog model
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Type:
    """A column type with domains and arrays peeled off down to the scalar underneath."""

    sql: str  # format_type() of the column: the cast target of the final expression
    scalar: str  # pg_type.typname of the scalar: "int4", "varchar", "my_enum", "citext"
    scalar_sql: str  # format_type() of the scalar with its typmod
    kind: str  # typtype of the scalar: b(ase), e(num), r(ange), c(omposite), ...
    category: str  # typcategory of the scalar
    typmod: int
    array_dims: int
    labels: tuple[str, ...] = ()
    domain_checks: tuple[str, ...] = ()
    domain_not_null: bool = False

    @property
    def max_length(self) -> int | None:
        if self.scalar in ("varchar", "bpchar") and self.typmod >= 4:
            return self.typmod - 4
        if self.scalar == "name":
            return 63
        return None

    @property
    def numeric_precision(self) -> tuple[int, int] | None:
        if self.scalar == "numeric" and self.typmod >= 4:
            mod = self.typmod - 4
            return (mod >> 16) & 0xFFFF, mod & 0xFFFF
        return None


@dataclass(frozen=True)
class _Column:
    name: str
    attnum: int
    type: _Type
    not_null: bool
    default: str | None
    identity: str  # "", "a" (always) or "d" (by default)
    generated: str  # "", "s" (stored) or "v" (virtual)
    sequence: str | None  # pg_get_serial_sequence(): identity and serial columns

    @property
    def sequence_filled(self) -> bool:
        """Identity and serial columns: the sequence numbers them, we leave them out."""
        return bool(self.identity) or (
            self.default is not None and self.default.startswith("nextval(")
        )


@dataclass(frozen=True)
class _Constraint:
    oid: int
    name: str
    kind: str  # p, u, f, c, x
    table_oid: int
    columns: tuple[str, ...]
    ref_table_oid: int
    ref_columns: tuple[str, ...]
    definition: str  # pg_get_constraintdef()
    expression: str | None  # CHECK expression without the CHECK ( ) wrapper
    comment: str | None
    inherited: bool
    index_oid: int  # conindid: a foreign key's referenced index, a key's own index


@dataclass(frozen=True)
class _Index:
    oid: int
    name: str
    unique: bool
    valid: bool
    clustered: bool
    replica_identity: bool
    nulls_not_distinct: bool
    columns: tuple[str, ...]  # plain columns, and columns named in index expressions
    partial: bool
    definition: str  # pg_get_indexdef(), plus TABLESPACE when not the default
    constraint_oid: int | None
    comment: str | None


@dataclass
class _Table:
    oid: int
    schema: str
    name: str
    relkind: str
    in_inheritance: bool
    columns: list[_Column] = field(default_factory=list)
    constraints: list[_Constraint] = field(default_factory=list)
    indexes: list[_Index] = field(default_factory=list)

    @property
    def key(self) -> str:
        return f"{self.schema}.{self.name}"

    @property
    def sql(self) -> str:
        return f"{_ident(self.schema)}.{_ident(self.name)}"

    def column(self, name: str) -> _Column:
        return next(column for column in self.columns if column.name == name)

    def foreign_keys(self) -> list[_Constraint]:
        return [con for con in self.constraints if con.kind == "f"]

    def unique_sets(self) -> list[tuple[tuple[str, ...], bool]]:
        """Column sets whose values must be distinct, with "NULLs must be distinct too"."""
        sets: list[tuple[tuple[str, ...], bool]] = []
        for index in self.indexes:
            if index.unique and index.columns:
                sets.append((index.columns, index.nulls_not_distinct))
        return sets


@dataclass
class _Catalog:
    tables: dict[int, _Table]
    incoming: dict[int, list[tuple[_Table | None, _Constraint, str]]]
    """Foreign keys referencing a table: (child table if loaded, constraint, child SQL name)."""

    def by_key(self) -> dict[str, _Table]:
        return {table.key: table for table in self.tables.values()}


def _read_catalog(conn: psycopg.Connection[Any], table_oids: Iterable[int]) -> _Catalog:
    """Load tables ``table_oids`` (and their foreign-key parents) with columns and constraints."""
    wanted = set(table_oids)
    # Parents of foreign keys are needed to draw key values, even outside the planned schemas.
    while True:
        rows = conn.execute(
            "SELECT DISTINCT confrelid FROM pg_constraint WHERE contype = 'f' AND conrelid = ANY(%s)",
            (list(wanted),),
        ).fetchall()
        parents = {int(row[0]) for row in rows} - wanted
        if not parents:
            break
        wanted |= parents
    oids = sorted(wanted)
    tables: dict[int, _Table] = {}
    for oid, schema, name, relkind, in_inheritance in conn.execute(
        """
        SELECT c.oid, n.nspname, c.relname, c.relkind,
               c.relispartition
               OR EXISTS (SELECT 1 FROM pg_inherits i WHERE i.inhrelid = c.oid OR i.inhparent = c.oid)
        FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE c.oid = ANY(%s)
        """,
        (oids,),
    ).fetchall():
        tables[int(oid)] = _Table(int(oid), schema, name, relkind, bool(in_inheritance))

    column_rows = conn.execute(
        """
        SELECT a.attrelid, a.attnum, a.attname, a.atttypid, a.atttypmod,
               format_type(a.atttypid, a.atttypmod), a.attnotnull, a.attidentity::text,
               a.attgenerated::text, pg_get_expr(d.adbin, d.adrelid),
               pg_get_serial_sequence(a.attrelid::regclass::text, a.attname)
        FROM pg_attribute a
        LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
        WHERE a.attrelid = ANY(%s) AND a.attnum > 0 AND NOT a.attisdropped
        ORDER BY a.attrelid, a.attnum
        """,
        (oids,),
    ).fetchall()
    types = _TypeResolver(conn, {(int(r[3]), int(r[4]), r[5]) for r in column_rows})
    names: dict[tuple[int, int], str] = {}
    for relid, attnum, name, typid, typmod, sql, not_null, ident, gen, default, seq in column_rows:
        table = tables[int(relid)]
        names[(int(relid), int(attnum))] = name
        table.columns.append(
            _Column(
                name=name,
                attnum=int(attnum),
                type=types.resolve(int(typid), int(typmod), sql),
                not_null=bool(not_null),
                default=default,
                identity=ident or "",
                generated=gen or "",
                sequence=seq,
            )
        )

    def column_names(relid: int, attnums: Sequence[int] | None) -> tuple[str, ...]:
        return tuple(names.get((relid, int(n)), "") for n in attnums or ())

    constraint_query = """
        SELECT con.oid, con.conname, con.contype::text, con.conrelid, con.conkey, con.confrelid,
               con.confkey, pg_get_constraintdef(con.oid), pg_get_expr(con.conbin, con.conrelid),
               obj_description(con.oid, 'pg_constraint'), NOT con.conislocal OR con.coninhcount > 0,
               n.nspname, c.relname, con.conindid
        FROM pg_constraint con
        JOIN pg_class c ON c.oid = con.conrelid JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE con.contype IN ('p', 'u', 'f', 'c', 'x') AND {}
        ORDER BY con.conrelid, con.conname
    """
    incoming: dict[int, list[tuple[_Table | None, _Constraint, str]]] = {}
    seen: set[int] = set()
    for where in ("con.conrelid = ANY(%s)", "con.contype = 'f' AND con.confrelid = ANY(%s)"):
        for row in conn.execute(constraint_query.format(where), (oids,)).fetchall():
            oid, name, kind, relid, conkey, frelid, confkey, definition, expression = row[:9]
            comment, inherited, child_schema, child_name, index_oid = row[9:]
            if int(oid) in seen:
                continue
            seen.add(int(oid))
            relid, frelid = int(relid), int(frelid)
            if relid not in tables:
                # A child outside the loaded set: its column names come from its own query.
                child_cols = conn.execute(
                    "SELECT attname FROM pg_attribute WHERE attrelid = %s AND attnum = ANY(%s) "
                    "ORDER BY array_position(%s, attnum)",
                    (relid, list(conkey), list(conkey)),
                ).fetchall()
                columns = tuple(r[0] for r in child_cols)
            else:
                columns = column_names(relid, conkey)
            constraint = _Constraint(
                oid=int(oid),
                name=name,
                kind=kind,
                table_oid=relid,
                columns=columns,
                ref_table_oid=frelid,
                ref_columns=column_names(frelid, confkey) if frelid in tables else (),
                definition=definition,
                expression=expression,
                comment=comment,
                inherited=bool(inherited),
                index_oid=int(index_oid),
            )
            if relid in tables:
                tables[relid].constraints.append(constraint)
            if kind == "f" and frelid in tables:
                child_sql = f"{_ident(child_schema)}.{_ident(child_name)}"
                incoming.setdefault(frelid, []).append((tables.get(relid), constraint, child_sql))

    for row in conn.execute(
        """
        SELECT i.indrelid, i.indexrelid, ic.relname, i.indisunique, i.indisvalid AND i.indisready,
               i.indisclustered, i.indisreplident, i.indnullsnotdistinct, i.indkey::int2[],
               pg_get_expr(i.indexprs, i.indrelid), i.indpred IS NOT NULL,
               pg_get_indexdef(i.indexrelid), ts.spcname,
               obj_description(i.indexrelid, 'pg_class'),
               (SELECT con.oid FROM pg_constraint con
                WHERE con.conindid = i.indexrelid AND con.conrelid = i.indrelid
                  AND con.contype IN ('p', 'u', 'x'))
        FROM pg_index i
        JOIN pg_class ic ON ic.oid = i.indexrelid
        LEFT JOIN pg_tablespace ts ON ts.oid = ic.reltablespace
        WHERE i.indrelid = ANY(%s)
        ORDER BY i.indrelid, ic.relname
        """,
        (oids,),
    ).fetchall():
        relid, oid, name, unique, valid, clustered, replident, nnd, indkey = row[:9]
        expressions, partial, definition, tablespace, comment, con_oid = row[9:]
        table = tables[int(relid)]
        columns = [names[(int(relid), int(n))] for n in indkey if int(n) != 0]
        if expressions:
            # Columns named in index expressions (lower(email)): distinct values keep them apart.
            words = set(re.findall(r'"((?:[^"]|"")+)"|\b([A-Za-z_][A-Za-z0-9_$]*)\b', expressions))
            named = {quoted.replace('""', '"') or bare for quoted, bare in words}
            columns += [c.name for c in table.columns if c.name in named and c.name not in columns]
        if tablespace:
            definition = f"{definition} TABLESPACE {_ident(tablespace)}"
        table.indexes.append(
            _Index(
                oid=int(oid),
                name=name,
                unique=bool(unique),
                valid=bool(valid),
                clustered=bool(clustered),
                replica_identity=bool(replident),
                nulls_not_distinct=bool(nnd),
                columns=tuple(columns),
                partial=bool(partial),
                definition=definition,
                constraint_oid=int(con_oid) if con_oid is not None else None,
                comment=comment,
            )
        )
    return _Catalog(tables, incoming)


class _TypeResolver:
    """Peels domains and arrays off column types, with enum labels and domain CHECKs."""

    def __init__(self, conn: psycopg.Connection[Any], wanted: set[tuple[int, int, str]]) -> None:
        self._conn = conn
        self._rows: dict[int, tuple[Any, ...]] = {}
        self._labels: dict[int, tuple[str, ...]] = {}
        self._checks: dict[int, tuple[str, ...]] = {}
        self._load({oid for oid, _, _ in wanted})

    def _load(self, oids: set[int]) -> None:
        pending = set(oids)
        while pending:
            rows = self._conn.execute(
                """
                SELECT t.oid, t.typname, t.typtype::text, t.typcategory::text, t.typelem,
                       t.typbasetype, t.typtypmod, t.typnotnull, t.typlen
                FROM pg_type t WHERE t.oid = ANY(%s)
                """,
                (sorted(pending),),
            ).fetchall()
            pending = set()
            for row in rows:
                self._rows[int(row[0])] = tuple(row)
                for follow in (int(row[4]), int(row[5])):
                    if follow and follow not in self._rows:
                        pending.add(follow)
        for typid, label in self._conn.execute(
            "SELECT enumtypid, enumlabel FROM pg_enum WHERE enumtypid = ANY(%s) "
            "ORDER BY enumtypid, enumsortorder",
            (sorted(self._rows),),
        ).fetchall():
            self._labels[int(typid)] = (*self._labels.get(int(typid), ()), label)
        for typid, expression in self._conn.execute(
            "SELECT contypid, pg_get_expr(conbin, 0) FROM pg_constraint "
            "WHERE contype = 'c' AND contypid = ANY(%s) ORDER BY contypid, conname",
            (sorted(self._rows),),
        ).fetchall():
            self._checks[int(typid)] = (*self._checks.get(int(typid), ()), expression)

    def resolve(self, typid: int, typmod: int, sql: str) -> _Type:
        checks: list[str] = []
        not_null = False
        dims = 0
        oid = typid
        for _ in range(32):  # domains over arrays of domains...: bounded, never cyclic
            row = self._rows.get(oid)
            if row is None:
                break
            _, _, typtype, category, elem, base, domain_typmod, typnotnull, typlen = row
            if typtype == "d":
                checks += self._checks.get(oid, ())
                not_null = not_null or bool(typnotnull)
                if int(domain_typmod) != -1:
                    typmod = int(domain_typmod)
                oid = int(base)
            elif category == "A" and int(elem) and int(typlen) == -1:
                dims += 1
                oid = int(elem)
            else:
                break
        row = self._rows.get(oid)
        if row is None:
            return _Type(sql, "unknown", sql, "p", "X", typmod, dims)
        scalar_sql = self._conn.execute("SELECT format_type(%s, %s)", (oid, typmod)).fetchone()
        return _Type(
            sql=sql,
            scalar=row[1],
            scalar_sql=scalar_sql[0] if scalar_sql else row[1],
            kind=row[2],
            category=row[3],
            typmod=typmod,
            array_dims=dims,
            labels=self._labels.get(oid, ()),
            domain_checks=tuple(checks),
            domain_not_null=not_null,
        )


# ---------------------------------------------------------------------------------------------
# Planning
# ---------------------------------------------------------------------------------------------


def plan_seed(
    conn: psycopg.Connection[Any],
    *,
    default_rows: int,
    rows: Mapping[str, int] = {},
    schemas: Sequence[str] = ("public",),
    exclude: Sequence[str] = ("alembic_version",),
) -> list[TablePlan]:
    """Which tables get how many rows, parents before children (foreign-key order).

    ``rows`` overrides ``default_rows`` per table; keys are bare (``"orders"``, every schema) or
    qualified (``"public.orders"``); a key that names no table raises :class:`ConfigError`.
    Tables planned for 0 rows are left out. Foreign-key cycles are broken at a table whose
    remaining references are nullable (those columns stay NULL); self-references are fine.
    Only reads; leaves no transaction open on an idle ``conn``.
    """
    with _own_transactions(conn):
        return _plan(conn, default_rows, rows, schemas, exclude)


def _plan(
    conn: psycopg.Connection[Any],
    default_rows: int,
    rows: Mapping[str, int],
    schemas: Sequence[str],
    exclude: Sequence[str],
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


# ---------------------------------------------------------------------------------------------
# CHECK constraints (best effort)
# ---------------------------------------------------------------------------------------------


@dataclass
class _Rules:
    """What the parsed CHECKs allow for one column."""

    low: float | None = None
    low_inclusive: bool = True
    high: float | None = None
    high_inclusive: bool = True
    allowed: list[str] | None = None  # literal texts of an IN list / equality
    min_length: int | None = None
    max_length: int | None = None
    not_null: bool = False
    above: list[tuple[str, bool]] = field(default_factory=list)  # (other column, strict)

    def merge_low(self, value: float, inclusive: bool) -> None:
        if self.low is None or value > self.low or (value == self.low and not inclusive):
            self.low, self.low_inclusive = value, inclusive

    def merge_high(self, value: float, inclusive: bool) -> None:
        if self.high is None or value < self.high or (value == self.high and not inclusive):
            self.high, self.high_inclusive = value, inclusive


_CAST_RE = re.compile(
    r"::(?:\"(?:[^\"]|\"\")+\"|[A-Za-z_][A-Za-z0-9_$]*)"
    r"(?:\.(?:\"(?:[^\"]|\"\")+\"|[A-Za-z_][A-Za-z0-9_$]*))?"
    r"(?:\s+(?:varying|precision|with\s+time\s+zone|without\s+time\s+zone))?"
    r"(?:\(\d+(?:\s*,\s*\d+)?\))?(?:\[\])*"
)
_ATOM = r"(?:'(?:[^']|'')*'|-?\d+(?:\.\d+)?(?:[eE][-+]?\d+)?|\"(?:[^\"]|\"\")+\"|[A-Za-z_][A-Za-z0-9_$]*)"
_PAREN_ATOM_RE = re.compile(r"(?<![A-Za-z0-9_$\"])\(\s*(" + _ATOM + r")\s*\)")
_IDENT = r"(\"(?:[^\"]|\"\")+\"|[A-Za-z_][A-Za-z0-9_$]*)"
_LITERAL = r"('(?:[^']|'')*'|-?\d+(?:\.\d+)?(?:[eE][-+]?\d+)?)"
_OP = r"(>=|<=|<>|!=|=|>|<)"
_COMPARE_RE = re.compile(rf"^{_IDENT}\s*{_OP}\s*{_LITERAL}$")
_COMPARE_REVERSED_RE = re.compile(rf"^{_LITERAL}\s*{_OP}\s*{_IDENT}$")
_COLUMNS_RE = re.compile(rf"^{_IDENT}\s*{_OP}\s*{_IDENT}$")
_ANY_RE = re.compile(
    rf"^{_IDENT}\s*=\s*ANY\s*\(*\s*ARRAY\[(.*)\]\s*\)*$", re.IGNORECASE | re.DOTALL
)
_LENGTH_RE = re.compile(
    rf"^(?:char_length|character_length|length)\({_IDENT}\)\s*{_OP}\s*(\d+)$", re.IGNORECASE
)
_NOT_NULL_RE = re.compile(rf"^{_IDENT}\s+IS\s+NOT\s+NULL$", re.IGNORECASE)
_FLIP = {">": "<", "<": ">", ">=": "<=", "<=": ">=", "=": "=", "<>": "<>", "!=": "!="}


def _normalize_check(expression: str) -> str:
    text = _CAST_RE.sub("", expression)
    while True:
        simpler = _PAREN_ATOM_RE.sub(r"\1", text)
        if simpler == text:
            break
        text = simpler
    return _strip_parens(text.strip())


def _strip_parens(text: str) -> str:
    while text.startswith("(") and text.endswith(")") and _closing_paren(text, 0) == len(text) - 1:
        text = text[1:-1].strip()
    return text


def _closing_paren(text: str, start: int) -> int:
    depth, quote = 0, ""
    for position in range(start, len(text)):
        char = text[position]
        if quote:
            if char == quote:
                quote = ""
        elif char in "'\"":
            quote = char
        elif char in "([":
            depth += 1
        elif char in ")]":
            depth -= 1
            if depth == 0:
                return position
    return -1


def _split_top_level(text: str, keyword: str) -> list[str]:
    parts, depth, quote, last = [], 0, "", 0
    upper = text.upper()
    needle = f" {keyword} "
    position = 0
    while position < len(text):
        char = text[position]
        if quote:
            if char == quote:
                quote = ""
        elif char in "'\"":
            quote = char
        elif char in "([":
            depth += 1
        elif char in ")]":
            depth -= 1
        elif depth == 0 and upper.startswith(needle, position):
            parts.append(text[last:position])
            position += len(needle)
            last = position
            continue
        position += 1
    parts.append(text[last:])
    return [_strip_parens(part.strip()) for part in parts]


def _unquote_ident(text: str) -> str:
    if text.startswith('"'):
        return text[1:-1].replace('""', '"')
    return text.lower()


def _literal_text(text: str) -> str:
    if text.startswith("'"):
        return text[1:-1].replace("''", "'")
    return text


def _as_number(text: str) -> float | None:
    try:
        value = float(_literal_text(text))
    except ValueError:
        return None
    return value if math.isfinite(value) else None


def _split_literals(text: str) -> list[str] | None:
    values: list[str] = []
    for part in re.finditer(rf"\s*{_LITERAL}\s*(?:,|$)", text):
        values.append(_literal_text(part.group(1)))
    rebuilt = re.sub(rf"\s*{_LITERAL}\s*(?:,|$)", "", text).strip()
    return values if values and not rebuilt else None


def _parse_check(expression: str, rules: dict[str, _Rules], value_name: str | None = None) -> bool:
    """Add what ``expression`` says about single columns to ``rules``; False if not understood.

    ``value_name`` maps a domain's ``VALUE`` onto the column the domain types.
    """
    understood = True
    normalized = _normalize_check(expression)
    disjuncts = _split_top_level(normalized, "OR")
    if len(disjuncts) > 1:
        # Values satisfying one disjunct satisfy the CHECK: take the first that is not
        # "x IS NULL" (our NULLs pass any CHECK anyway).
        chosen = [d for d in disjuncts if not re.fullmatch(rf"{_IDENT}\s+IS\s+NULL", d, re.I)]
        normalized = chosen[0] if chosen else disjuncts[0]
    for term in _split_top_level(normalized, "AND"):

        def rule(ident: str) -> _Rules:
            name = _unquote_ident(ident)
            if value_name is not None and name == "value":
                name = value_name
            return rules.setdefault(name, _Rules())

        if match := _COMPARE_RE.match(term):
            ident, op, literal = match.groups()
        elif match := _COMPARE_REVERSED_RE.match(term):
            literal, op, ident = match.groups()
            op = _FLIP[op]
        else:
            ident = op = literal = ""
        if ident:
            number = _as_number(literal)
            target = rule(ident)
            if op == "=":
                target.allowed = [_literal_text(literal)]
            elif number is None or op in ("<>", "!="):
                # Dates, "<> ''": our values satisfy the usual ones; a probe catches the rest.
                understood = understood and op in ("<>", "!=")
            elif op in (">", ">="):
                target.merge_low(number, op == ">=")
            else:
                target.merge_high(number, op == "<=")
            continue
        if match := _ANY_RE.match(term):
            values = _split_literals(match.group(2))
            if values is None:
                understood = False
            else:
                target = rule(match.group(1))
                target.allowed = (
                    values
                    if target.allowed is None
                    else [value for value in target.allowed if value in values]
                )
            continue
        if match := _LENGTH_RE.match(term):
            ident, op, number_text = match.groups()
            target, number = rule(ident), int(number_text)
            if op in ("<", "<="):
                limit = number - (op == "<")
                target.max_length = (
                    limit if target.max_length is None else min(limit, target.max_length)
                )
            elif op in (">", ">="):
                target.min_length = max(target.min_length or 0, number + (op == ">"))
            elif op == "=":
                target.min_length = target.max_length = number
            continue
        if match := _NOT_NULL_RE.match(term):
            rule(match.group(1)).not_null = True
            continue
        if match := _COLUMNS_RE.match(term):
            left, op, right = match.groups()
            if op in (">", ">="):
                rule(left).above.append((_unquote_ident(right), op == ">"))
                continue
            if op in ("<", "<="):
                rule(right).above.append((_unquote_ident(left), op == "<"))
                continue
        understood = False
    return understood


# ---------------------------------------------------------------------------------------------
# Value generators
# ---------------------------------------------------------------------------------------------


def _words(text: str) -> list[str]:
    return text.split()


_FIRST_NAMES = _words(
    "Ada Alan Alice Amir Ana Anna Ben Carla Chen David Elena Emma Fatima Felix Grace Hana "
    "Hugo Ines Ivan James Jonas Julia Kai Kenji Lara Leo Lina Lucas Maya Mia Mohamed Nina "
    "Noah Olga Omar Paula Priya Rosa Sam Sara Sofia Tom Uma Yuki Zoe"
)
_LAST_NAMES = _words(
    "Adams Baker Brown Chen Costa Davis Dubois Garcia Gomez Hansen Ito Jensen Kim Kowalski "
    "Lee Lopez Martin Meyer Muller Nguyen Novak Okafor Patel Petrov Rossi Sato Schmidt "
    "Silva Smith Suzuki Tanaka Taylor Walker Wang Weber Wilson Yilmaz Young"
)
_WORDS = _words(
    "lorem ipsum dolor sit amet consectetur adipiscing elit sed do eiusmod tempor "
    "incididunt ut labore et dolore magna aliqua enim ad minim veniam quis nostrud "
    "exercitation ullamco laboris nisi aliquip ex ea commodo consequat duis aute irure in "
    "reprehenderit voluptate velit esse cillum fugiat nulla pariatur excepteur sint "
    "occaecat cupidatat non proident sunt culpa qui officia deserunt mollit anim id est "
    "laborum"
)
_ADJECTIVES = _words(
    "Small Ergonomic Rustic Intelligent Gorgeous Incredible Fantastic Practical Sleek "
    "Awesome Generic Handcrafted Handmade Licensed Refined Tasty Durable Lightweight"
)
_NOUNS = _words(
    "Chair Car Computer Keyboard Mouse Bike Ball Gloves Pants Shirt Table Shoes Hat Towels "
    "Soap Tuna Chicken Fish Cheese Bacon Pizza Salad Sausages Chips Lamp Clock Wallet Watch"
)
_CITIES = _words(
    "Amsterdam Berlin Bogota Cairo Chicago Dublin Helsinki Jakarta Lagos Lisbon London "
    "Madrid Melbourne Montreal Mumbai Nairobi Osaka Paris Prague Rome Santiago Seoul "
    "Stockholm Sydney Tokyo Toronto Vienna Warsaw Zurich"
)
_COUNTRIES = _words("US DE FR GB JP CA BR IN NL SE ES IT PL AU MX KR NG KE CH AT")
_CURRENCIES = _words("USD EUR GBP JPY CAD AUD CHF SEK")
_STATUSES = _words("active pending inactive archived")
_COLORS = _words("red green blue black white yellow purple orange")
_LANGUAGES = _words("en de fr es ja pt it nl")
_LOREM = (
    "Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod tempor incididunt ut "
    "labore et dolore magna aliqua. Ut enim ad minim veniam, quis nostrud exercitation ullamco "
    "laboris nisi ut aliquip ex ea commodo consequat. Duis aute irure dolor in reprehenderit in "
    "voluptate velit esse cillum dolore eu fugiat nulla pariatur."
)


def _combinations(count: int, *pools: Sequence[str]) -> list[str]:
    """``count`` fixed combinations of one item per pool (the same on every run).

    Precomputed: picking one of 64 ready strings costs a fifth of concatenating picks per row.
    """
    chooser = random.Random(count * 31 + len(pools))
    return [" ".join(chooser.choice(pool) for pool in pools) for _ in range(count)]


def _paragraph(n: int) -> str:
    """Lorem ipsum of 20 to ~240 characters, starting at a different word each time."""
    words = _LOREM.split()
    start = (n * 5) % len(words)
    text = " ".join(words[start:] + words[:start])
    return text[: 20 + 14 * n].rsplit(" ", 1)[0].rstrip(",.") + "."


_FULL_NAMES = _combinations(96, _FIRST_NAMES, _LAST_NAMES)
_PRODUCT_NAMES = _combinations(96, _ADJECTIVES, _NOUNS)
_TITLES = [text.capitalize() for text in _combinations(64, _WORDS, _WORDS, _WORDS)]
_PHRASES = _combinations(64, _WORDS, _WORDS)
_STREETS = [word.capitalize() + " Street" for word in _WORDS[:32]]
_PARAGRAPHS = [_paragraph(n)[0].upper() + _paragraph(n)[1:] for n in range(16)]
_TAGS = _WORDS[:16]
_JSON_DOCUMENTS = [
    json.dumps(
        {
            "source": _WORDS[n],
            "score": (n * 37) % 100,
            "active": n % 3 != 0,
            "tags": _WORDS[n : n + n % 4],
            **({"address": {"city": _CITIES[n], "country": _COUNTRIES[n]}} if n % 2 else {}),
        },
        separators=(",", ":"),
    )
    for n in range(16)
]

_PERSON_TABLES = re.compile(
    r"(user|customer|person|people|employee|author|member|contact|account|staff|client|patient|"
    r"student|teacher|owner|driver|profile)",
    re.IGNORECASE,
)
_INTEGER_TYPES = {"int2": 32_767, "int4": 2_147_483_647, "int8": 9_223_372_036_854_775_807}
_TEMPORAL_TYPES = {"date", "timestamp", "timestamptz"}
_STRING_TYPES = {"text", "varchar", "bpchar", "name", "citext"}
_RANGE_SUBTYPES = {
    "int4range": "int4",
    "int8range": "int8",
    "numrange": "numeric",
    "daterange": "date",
    "tsrange": "timestamp",
    "tstzrange": "timestamptz",
}


def _literal(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


def _ident(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _seed_of(*parts: str) -> int:
    """A stable hash seed per (table, column, purpose): independent columns, repeatable runs."""
    return zlib.crc32("\x1f".join(parts).encode())


def _pick(g: str, seed: int, count: int) -> str:
    """An index in [0, count) spread by the hash of ``g``."""
    if count <= 1:
        return "0"
    return f"abs(hashint8extended({g}, {seed}) % {count})"


def _choice(values: Sequence[str], g: str, seed: int) -> str:
    array = "ARRAY[" + ", ".join(_literal(value) for value in values) + "]"
    return f"({array})[1 + {_pick(g, seed, len(values))}]"


def _email(g: str) -> str:
    return f"'user' || ({g}) || '@example.com'"


@dataclass(frozen=True)
class _TextPattern:
    unique: Expr  # injective in g
    plain: Expr  # realistic
    longest: int | None  # longest value of ``plain`` (None: unknown), to skip left()


@dataclass
class _Value:
    """How one column is filled."""

    expr: Expr  # the value, never NULL (NULLs are added by _with_nulls)
    unique: bool  # injective in g: usable as a parent key and for UNIQUE
    domain_size: int | None = None  # finite number of distinct values (enum, bool, IN list)
    index_expr: Callable[[str], str] | None = None  # value from an index in [0, domain_size)


class _ValueFactory:
    """Builds the expression for a column from its type, name and CHECK rules."""

    def __init__(self, table: _Table, today: dt.date) -> None:
        self.table = table
        self.start = today - dt.timedelta(days=3 * 365)
        self.epoch = int(dt.datetime.combine(self.start, dt.time(), tzinfo=dt.UTC).timestamp())
        self.person_table = bool(_PERSON_TABLES.search(table.name))
        self.temporal_order = [
            c.name
            for c in table.columns
            if c.type.scalar in _TEMPORAL_TYPES and not c.type.array_dims and not c.generated
        ]

    def seed(self, column: str, purpose: str = "") -> int:
        return _seed_of(self.table.key, column, purpose)

    # -- the dispatcher ----------------------------------------------------------------------

    def value(self, column: _Column, rules: _Rules, unique: bool, offset: int) -> _Value | None:
        """None when the type is not supported (the caller then uses NULL or the default)."""
        ctype = column.type
        if ctype.array_dims:
            # One to three elements; a UNIQUE array column gets the one injective element.
            element = self.scalar(column, ctype, _Rules(), unique=unique, offset=offset)
            if element is None:
                return None
            element_expr = element.expr
            if unique:
                return _Value(lambda g: f"ARRAY[{element_expr(g)}]", unique=element.unique)
            seed = self.seed(column.name, "length")
            if ctype.scalar in _STRING_TYPES and not ctype.labels:
                # Tags: a slice of zero to two... three consecutive words of a fixed list.
                words = "ARRAY[" + ", ".join(_literal(w) for w in _TAGS) + "]"
                where = self.seed(column.name, "start")

                def tags(g: str) -> str:
                    start = f"1 + {_pick(g, where, len(_TAGS))}"
                    return f"({words})[{start}:{start} + {_pick(g, seed, 3)}]"

                return _Value(tags, unique=False)

            def array_expr(g: str) -> str:
                items = ", ".join(element_expr(f"(({g}) * 3 + {n})") for n in range(3))
                return f"(ARRAY[{items}])[1:1 + {_pick(g, seed, 3)}]"

            return _Value(array_expr, unique=False)
        return self.scalar(column, ctype, rules, unique=unique, offset=offset)

    def scalar(
        self, column: _Column, ctype: _Type, rules: _Rules, *, unique: bool, offset: int
    ) -> _Value | None:
        seed = self.seed(column.name)
        if rules.allowed is not None:
            return self.from_list(rules.allowed, seed)
        if ctype.kind == "e" and ctype.labels:
            return self.from_list(list(ctype.labels), seed, element_type=ctype.scalar_sql)
        scalar = ctype.scalar
        if scalar in _INTEGER_TYPES or scalar in ("numeric", "float4", "float8", "money"):
            return self.number(column, ctype, rules, unique=unique, offset=offset)
        if scalar == "bool":
            return _Value(
                lambda g: f"(hashint8extended({g}, {seed}) & 1) = 0",
                unique=False,
                domain_size=2,
                index_expr=lambda i: f"({i}) = 0",
            )
        if scalar in _STRING_TYPES or ctype.category == "S":
            return self.text(column, ctype, rules, unique=unique)
        if scalar == "uuid":
            salt = _literal(f"-{self.table.key}.{column.name}")
            return _Value(lambda g: f"md5({g}::text || {salt})::uuid", unique=True)
        if scalar in _TEMPORAL_TYPES:
            return self.temporal(column, ctype, unique=unique)
        if scalar in ("time", "timetz"):
            if unique:
                return _Value(lambda g: f"'00:00'::time + {g} * '1 microsecond'::interval", True)
            return _Value(
                lambda g: f"'00:00'::time + {_pick(g, seed, 86_400)} * '1 second'::interval", False
            )
        if scalar == "interval":
            if unique:
                return _Value(lambda g: f"{g} * '1 second'::interval", True)
            return _Value(lambda g: f"{_pick(g, seed, 2_592_000)} * '1 second'::interval", False)
        if scalar in ("json", "jsonb"):
            if unique:
                return _Value(lambda g: f"jsonb_build_object('id', {g})::{scalar}", True)
            documents = (
                "ARRAY[" + ", ".join(_literal(d) for d in _JSON_DOCUMENTS) + f"]::{scalar}[]"
            )
            count = len(_JSON_DOCUMENTS)
            return _Value(lambda g: f"({documents})[1 + {_pick(g, seed, count)}]", False)
        if scalar == "bytea":
            if unique:
                return _Value(lambda g: f"int8send({g})", True)
            return _Value(lambda g: f"int8send(hashint8extended({g}, {seed}))", False)
        if scalar == "inet":
            if unique:
                return _Value(lambda g: f"'10.0.0.0'::inet + (({g}) % 16777216)", True)
            return _Value(lambda g: f"'10.0.0.0'::inet + {_pick(g, seed, 16_777_216)}", False)
        if scalar == "cidr":
            return _Value(
                lambda g: f"set_masklen('10.0.0.0'::inet + {_pick(g, seed, 65_536)} * 256, 24)",
                False,
            )
        if scalar in ("macaddr", "macaddr8"):
            return _Value(
                lambda g: (
                    "('08:00:2b:' || substr(md5((" + g + ")::text), 1, 2) || ':' || "
                    "substr(md5(("
                    + g
                    + ")::text), 3, 2) || ':' || substr(md5(("
                    + g
                    + ")::text), 5, 2))"
                ),
                False,
            )
        if scalar == "tsvector":
            return _Value(
                lambda g: (
                    f"to_tsvector('simple', {_choice(_WORDS, g, seed)} || ' ' || "
                    f"{_choice(_WORDS, g, seed + 1)})"
                ),
                False,
            )
        if scalar == "xml":
            return _Value(lambda g: f"xmlelement(name item, {g})", True)
        if scalar == "point":
            return _Value(
                lambda g: f"point({_pick(g, seed, 360)} - 180, {_pick(g, seed + 1, 180)} - 90)",
                False,
            )
        if scalar == "char":  # the one-byte "char"
            return _Value(lambda g: f"chr(97 + {_pick(g, seed, 26)})", False, domain_size=26)
        if scalar in _RANGE_SUBTYPES:
            sub = _RANGE_SUBTYPES[scalar]
            if sub in _TEMPORAL_TYPES:
                width = "7" if sub == "date" else "'7 days'::interval"

                def period(g: str) -> str:
                    low = self.temporal_at(sub, _pick(g, seed, TIMESPAN_SECONDS))
                    return f"{scalar}({low}, {low} + {width})"

                return _Value(period, False)

            def numbers(g: str) -> str:
                low = _pick(g, seed, 10_000)
                high = f"{low} + 1 + {_pick(g, seed + 1, 100)}"
                return f"{scalar}(({low})::{sub}, ({high})::{sub})"

            return _Value(numbers, False)
        return None

    # -- kinds -------------------------------------------------------------------------------

    def from_list(
        self, values: Sequence[str], seed: int, *, element_type: str | None = None
    ) -> _Value:
        """One of ``values`` (texts, cast to the column type by _finish).

        With ``element_type`` (an enum) the array is of that type, converted once when the
        statement is planned instead of once a row.
        """
        array = "ARRAY[" + ", ".join(_literal(value) for value in values) + "]"
        if element_type is not None:
            array = f"{array}::{element_type}[]"
        return _Value(
            lambda g: f"({array})[1 + {_pick(g, seed, len(values))}]",
            unique=len(values) <= 1,
            domain_size=len(values),
            index_expr=lambda i: f"({array})[1 + ({i})]",
        )

    def number(
        self, column: _Column, ctype: _Type, rules: _Rules, *, unique: bool, offset: int
    ) -> _Value | None:
        name = column.name.lower()
        scalar = ctype.scalar
        scale = 0
        ceiling = float(_INTEGER_TYPES.get(scalar, 10**15))
        if scalar == "numeric":
            precision = ctype.numeric_precision
            scale = 2 if precision is None else precision[1]
            if precision is not None:
                ceiling = 10 ** (precision[0] - precision[1]) - 10**-scale
        elif scalar in ("float4", "float8") or scalar == "money":
            scale = 2
        low, high = _number_range(name, scalar)
        unit = 10**-scale
        # CHECK bounds narrow the name-based range, or replace it when they do not overlap.
        check_low = check_high = None
        if rules.low is not None:
            check_low = rules.low if rules.low_inclusive else rules.low + (unit if scale else 1)
        if rules.high is not None:
            check_high = rules.high if rules.high_inclusive else rules.high - (unit if scale else 1)
        if scalar in _INTEGER_TYPES:
            if check_low is not None:
                check_low = math.ceil(check_low)
            if check_high is not None:
                check_high = math.floor(check_high)
        if check_low is not None and check_high is not None:
            if high < check_low or low > check_high:
                low, high = check_low, check_high
            else:
                low, high = max(low, check_low), min(high, check_high)
        elif check_low is not None:
            low, high = (check_low, max(high, check_low + 1000)) if low < check_low else (low, high)
        elif check_high is not None:
            low, high = (
                (min(low, check_high - 1000), check_high) if high > check_high else (low, high)
            )
        low, high = max(low, -ceiling), min(high, ceiling)
        if unique:
            first = max(math.ceil(low), 1 if check_low is None else math.ceil(check_low))
            start = max(first, offset + 1) - 1
            return _Value(lambda g: f"(({g}) + {start})", unique=True)
        seed = self.seed(column.name)
        low_units = math.ceil(low / unit) if scale else math.ceil(low)
        high_units = math.floor(high / unit) if scale else math.floor(high)
        span = max(1, high_units - low_units + 1)

        def units(g: str) -> str:
            return f"({low_units} + {_pick(g, seed, span)})"

        if scalar in _INTEGER_TYPES:
            return _Value(units, False)
        if scalar in ("float4", "float8"):
            return _Value(lambda g: f"({units(g)} * {unit}::float8)", False)
        if scale == 0:
            return _Value(units, False)
        return _Value(lambda g: f"({units(g)} * {unit:.{scale}f})", False)

    def text(self, column: _Column, ctype: _Type, rules: _Rules, *, unique: bool) -> _Value:
        name = column.name.lower()
        seed = self.seed(column.name)
        limit = ctype.max_length
        if rules.max_length is not None:
            limit = rules.max_length if limit is None else min(limit, rules.max_length)
        minimum = rules.min_length or 0
        # char(n) values are padded to n: padded in the statement already, they are stored as
        # they are instead of being copied and padded on every row.
        padded = ctype.scalar == "bpchar" and limit == ctype.max_length and not minimum
        pattern = self.text_pattern(
            name, seed, limit, pad=padded and limit is not None and limit <= 255
        )

        def fit(expression: str, longest: int | None) -> str:
            # left() only where a value could be too long: it costs ~50 ns a row.
            if limit is not None and (longest is None or longest > limit):
                expression = f"left({expression}, {limit})"
            if minimum:
                expression = f"rpad({expression}, {minimum}, 'x')"
            return expression

        if unique:
            unique_expr = pattern.unique
            return _Value(lambda g: fit(unique_expr(g), _MAX_DIGITS), unique=True)
        plain, longest = pattern.plain, pattern.longest
        return _Value(lambda g: fit(plain(g), longest), unique=False)

    def text_pattern(
        self, name: str, seed: int, limit: int | None, *, pad: bool = False
    ) -> _TextPattern:
        """Injective and realistic patterns for a text column called ``name``.

        With ``pad`` (char(``limit``) columns) fixed values come padded with blanks to ``limit``.
        """
        table = re.sub(r"[^a-z0-9]+", "-", self.table.name.lower()).strip("-") or "item"

        def numbered(prefix: str) -> Expr:
            # Keep the number whole when the column is short: uniqueness beats the prefix.
            if limit is not None and len(prefix) + _MAX_DIGITS > limit:
                return lambda g: f"({g})::text"
            return lambda g: f"{_literal(prefix)} || ({g})"

        def one_of(values: Sequence[str]) -> tuple[Expr, int]:
            if pad and limit is not None:
                values = [value[:limit].ljust(limit) for value in values]
            return (lambda g: _choice(values, g, seed)), max(len(value) for value in values)

        digits = _MAX_DIGITS
        prefixed = f"https://example.com/{table}/"
        rules: list[tuple[str, Expr, tuple[Expr, int | None]]] = [
            # (column name pattern, injective pattern, (realistic pattern, longest value))
            ("email", _email, (_email, 16 + digits)),
            (r"(first|given|fore)_?name", numbered("name_"), one_of(_FIRST_NAMES)),
            (r"(last|family|sur)_?name", numbered("name_"), one_of(_LAST_NAMES)),
            (
                r"(user_?name|login|handle|nick)",
                numbered("user_"),
                (lambda g: f"{_choice(_FIRST_NAMES, g, seed)} || ({g})", 10 + digits),
            ),
            (r"slug$", numbered(f"{table}-"), (numbered(f"{table}-"), len(table) + 1 + digits)),
            (
                r"(url|website|link|href|homepage|avatar|image)",
                numbered(prefixed),
                (numbered(prefixed), len(prefixed) + digits),
            ),
            (
                r"(phone|mobile|fax|tel)",
                lambda g: f"'+1-555-' || lpad(({g})::text, 7, '0')",
                (lambda g: f"'+1-555-' || lpad({_pick(g, seed, 10_000_000)}::text, 7, '0')", 14),
            ),
            (r"(city|town)", numbered("city_"), one_of(_CITIES)),
            (r"country", numbered("country_"), one_of(_COUNTRIES)),
            (r"currency", numbered("cur_"), one_of(_CURRENCIES)),
            (
                r"(zip|postal|postcode)",
                lambda g: f"lpad(({g})::text, 5, '0')",
                (lambda g: f"lpad({_pick(g, seed, 100_000)}::text, 5, '0')", 5),
            ),
            (
                r"(address|street)",
                numbered("Street "),
                (
                    lambda g: (
                        f"(1 + {_pick(g, seed, 9_999)}) || ' ' || {_choice(_STREETS, g, seed + 1)}"
                    ),
                    30,
                ),
            ),
            (
                r"(^|_)(sku|code|ref|reference|number|token|key)($|_)",
                numbered(f"{name[:3].upper()}-"),
                (numbered(f"{name[:3].upper()}-"), 4 + digits),
            ),
            (
                r"(password|hash|digest|secret|signature)",
                lambda g: f"md5(({g})::text)",
                (lambda g: f"md5(({g})::text)", 32),
            ),
            (r"(^|_)(status|state)$", numbered("status_"), one_of(_STATUSES)),
            (r"colou?r", numbered("color_"), one_of(_COLORS)),
            (r"(lang|locale)", numbered("lang_"), one_of(_LANGUAGES)),
            (
                r"(^|_)ip(_|$)|ip_?addr",
                lambda g: f"host('10.0.0.0'::inet + (({g}) % 16777216))",
                (lambda g: f"host('10.0.0.0'::inet + {_pick(g, seed, 16_777_216)})", 15),
            ),
            (
                r"(description|body|content|comment|note|bio|summary|message|text)",
                lambda g: f"({g}) || ' ' || {_choice(_PARAGRAPHS, g, seed)}",
                one_of(_PARAGRAPHS),
            ),
            (r"(title|subject|headline|caption|label)", numbered("Title "), one_of(_TITLES)),
        ]
        for pattern, unique, (plain, longest) in rules:
            if re.search(pattern, name):
                return _TextPattern(unique, plain, longest)
        if "name" in name:
            if self.person_table or re.search(r"(full|display|contact|customer|person)", name):
                return _TextPattern(numbered("name_"), *one_of(_FULL_NAMES))
            return _TextPattern(numbered(f"{table} "), *one_of(_PRODUCT_NAMES))
        column_word = re.sub(r"[^a-z0-9]+", "_", name).strip("_") or "value"
        return _TextPattern(numbered(f"{column_word}_"), *one_of(_PHRASES))

    def temporal_at(self, scalar: str, seconds: str) -> str:
        """The date/timestamp ``seconds`` (SQL) after the start of the three-year span."""
        if scalar == "date":
            return f"({_literal(self.start.isoformat())}::date + (({seconds}) / 86400)::int4)"
        if scalar == "timestamp":
            return f"to_timestamp({self.epoch} + {seconds})::timestamp"
        return f"to_timestamp({self.epoch} + {seconds})"

    def temporal(self, column: _Column, ctype: _Type, *, unique: bool) -> _Value:
        scalar = ctype.scalar
        if unique:
            if scalar == "date":
                return _Value(lambda g: self.temporal_at("date", f"({g}) * 86400"), True)
            return _Value(lambda g: self.temporal_at(scalar, f"({g})"), True)
        # Temporal columns of a table rise in column order (created_at <= updated_at,
        # starts_at <= ends_at): each one adds a step to the previous one.
        position = (
            self.temporal_order.index(column.name) if column.name in self.temporal_order else 0
        )
        # One shared base so that the steps are what separates them; the steps fit in the span.
        span = max(86_400, TIMESPAN_SECONDS - (len(self.temporal_order) - 1) * _STEP_SECONDS)
        base_seed = self.seed("", "timestamps")
        steps = [self.seed(name, "step") for name in self.temporal_order[1 : position + 1]]

        def seconds(g: str) -> str:
            terms = [_pick(g, base_seed, span)]
            terms += [_pick(g, step, _STEP_SECONDS) for step in steps]
            return " + ".join(terms)

        return _Value(lambda g: self.temporal_at(scalar, seconds(g)), False)


def _number_range(name: str, scalar: str) -> tuple[float, float]:
    """A realistic range for a numeric column, by its name."""
    if re.search(
        r"(price|amount|total|cost|balance|fee|subtotal|tax|salary|revenue|discount)", name
    ):
        return (1.0, 1000.0) if scalar not in _INTEGER_TYPES else (1, 100_000)
    if re.search(r"(qty|quantity)", name):
        return 1, 10
    if re.search(r"(count|num_|number_of|total_)", name):
        return 0, 1_000
    if re.search(r"(^|_)age$", name):
        return 18, 90
    if re.search(r"(rating|stars)", name):
        return 1, 5
    if re.search(r"(score|percent|pct)", name):
        return 0, 100
    if re.search(r"(^|_)year$", name):
        return 1990, 2025
    if re.search(r"(^|_)(lat|latitude)$", name):
        return -90, 90
    if re.search(r"(^|_)(lon|lng|longitude)$", name):
        return -180, 180
    if re.search(r"(position|sort|order|rank|priority|weight|height|width|length|size)", name):
        return 0, 1_000
    if re.search(r"(version|revision|attempt|retries)", name):
        return 1, 10
    if re.search(r"(ratio|rate)", name):
        return 0, 1
    if scalar == "int2":
        return 0, 32_000
    if scalar in _INTEGER_TYPES:
        return 0, 1_000_000
    return 0, 10_000


# ---------------------------------------------------------------------------------------------
# Parent keys for foreign keys
# ---------------------------------------------------------------------------------------------


@dataclass
class _Seeded:
    """Rows we inserted into a table: g in (base, base + rows], with injective key columns."""

    base: int
    rows: int
    keys: dict[str, Expr]


@dataclass
class _KeySource:
    """Produces a parent key tuple from an index expression in [0, count)."""

    count: int
    values: Callable[[str], list[str]]  # index SQL -> one SQL value per referenced column
    join: Callable[[str, str], str] | None = None  # (alias, index SQL) -> LATERAL join text
    temp_table: str | None = None


class _KeyBook:
    """Finds, caches and cleans up the key sources of parent tables."""

    def __init__(self, conn: psycopg.Connection[Any], catalog: _Catalog) -> None:
        self.conn = conn
        self.catalog = catalog
        self.seeded: dict[int, _Seeded] = {}
        self.cache: dict[tuple[int, tuple[str, ...]], _KeySource | None] = {}
        self.temp_tables: list[str] = []

    def forget(self, table_oid: int) -> None:
        for key in [key for key in self.cache if key[0] == table_oid]:
            source = self.cache.pop(key)
            if source is not None and source.temp_table:
                self.conn.execute(
                    cast("LiteralString", f"DROP TABLE IF EXISTS {source.temp_table}")
                )

    def source(self, parent: _Table, columns: tuple[str, ...]) -> _KeySource | None:
        key = (parent.oid, columns)
        if key not in self.cache:
            self.cache[key] = self._build(parent, columns)
        return self.cache[key]

    def _build(self, parent: _Table, columns: tuple[str, ...]) -> _KeySource | None:
        seeded = self.seeded.get(parent.oid)
        if seeded and seeded.rows > 0 and all(c in seeded.keys for c in columns):
            exprs = [seeded.keys[c] for c in columns]
            base = seeded.base
            return _KeySource(
                seeded.rows, lambda i: [expr(f"({base} + 1 + {i})") for expr in exprs]
            )
        table_sql = parent.sql
        quoted = [_ident(c) for c in columns]
        not_null = " AND ".join(f"{c} IS NOT NULL" for c in quoted)
        if len(columns) == 1 and parent.column(columns[0]).type.scalar in _INTEGER_TYPES:
            row = self.conn.execute(
                cast(
                    "LiteralString",
                    f"SELECT count({quoted[0]}), min({quoted[0]}), max({quoted[0]}) FROM {table_sql}",
                )
            ).fetchone()
            count = int(row[0]) if row else 0
            if row and count:
                low, high = int(row[1]), int(row[2])
                if high - low + 1 == count:  # dense, as an identity column leaves them
                    return _KeySource(count, lambda i: [f"({low} + {i})"])
        else:
            row = self.conn.execute(
                cast("LiteralString", f"SELECT count(*) FROM {table_sql} WHERE {not_null}")
            ).fetchone()
            count = int(row[0]) if row else 0
        if count == 0:
            return None
        types = [parent.column(c).type.sql for c in columns]
        if count <= ARRAY_KEYS_LIMIT:
            rows = self.conn.execute(
                cast(
                    "LiteralString",
                    f"SELECT {', '.join(f'{c}::text' for c in quoted)} FROM {table_sql} "
                    f"WHERE {not_null} ORDER BY 1",
                )
            ).fetchall()
            arrays = [
                "ARRAY[" + ", ".join(_literal(row[n]) for row in rows) + f"]::{types[n]}[]"
                for n in range(len(columns))
            ]
            return _KeySource(len(rows), lambda i: [f"({array})[1 + {i}]" for array in arrays])
        temp = f"pg_temp.{_ident(f'migcheck_keys_{len(self.temp_tables) + 1}')}"
        self.temp_tables.append(temp)
        picked = ", ".join(f"{c} AS k{n}" for n, c in enumerate(quoted))
        self.conn.execute(
            cast(
                "LiteralString",
                f"CREATE TEMP TABLE {temp.removeprefix('pg_temp.')} AS "
                f"SELECT (row_number() OVER () - 1)::int8 AS rn, {picked} "
                f"FROM {table_sql} WHERE {not_null}",
            )
        )
        self.conn.execute(cast("LiteralString", f"CREATE UNIQUE INDEX ON {temp} (rn)"))
        self.conn.execute(cast("LiteralString", f"ANALYZE {temp}"))
        width = len(columns)
        return _KeySource(
            count,
            values=lambda alias: [f"{alias}.k{n}" for n in range(width)],
            join=lambda alias, index: (
                f"CROSS JOIN LATERAL (SELECT * FROM {temp} WHERE rn = {index}) {alias}"
            ),
            temp_table=temp,
        )

    def reset(self) -> None:
        """Forget cached sources after a rollback (their temp tables may be gone)."""
        self.cache.clear()

    def close(self) -> None:
        for temp in self.temp_tables:
            self.conn.execute(cast("LiteralString", f"DROP TABLE IF EXISTS {temp}"))
        self.temp_tables.clear()
        self.cache.clear()


# ---------------------------------------------------------------------------------------------
# One table's INSERT
# ---------------------------------------------------------------------------------------------


@dataclass
class _Slot:
    """A column we supply."""

    column: _Column
    expr: Expr  # final SQL value (with NULLs and the cast), as a function of g
    raw: Expr | None = None  # the value before NULLs: parent keys, ordering rules
    fallback: str = ""  # "" or what replaced the generator ("NULL", "default", a constant)
    sequence: tuple[str, int, int] | None = None
    """Numbers a sequence would give (sequence, first value, increment): never replaced."""


@dataclass
class _Insert:
    """Everything needed to write the INSERT for one chunk."""

    table: _Table
    slots: dict[str, _Slot]
    joins: list[tuple[str, Callable[[str], str]]]  # (alias, g -> LATERAL join text)
    self_sequence: str | None  # identity/serial column numbered by nextval() ourselves
    overriding: bool
    keys: dict[str, Expr]  # injective columns, for children

    def statement(self, first: int, last: int) -> str:
        slots = [slot for slot in self.slots.values() if slot.fallback != "default"]
        columns = ", ".join(_ident(slot.column.name) for slot in slots)
        values = ", ".join(slot.expr("s.g") for slot in slots)
        series = f"SELECT generate_series({first}::int8, {last}::int8) AS g"
        if self.self_sequence is not None:
            numbered = f"nextval({_literal(self.self_sequence)}::regclass)"
            source = f"(SELECT g, {first}::int8 AS g0, {numbered} AS mc_id FROM ({series}) s0) s"
        else:
            source = f"({series}) s"
        joins = " ".join(join("s.g") for _, join in self.joins)
        overriding = " OVERRIDING SYSTEM VALUE" if self.overriding else ""
        target = f"{self.table.sql} ({columns})" if columns else self.table.sql
        return f"INSERT INTO {target}{overriding} SELECT {values} FROM {source} {joins}"


@dataclass
class _Distinct:
    """How a table's UNIQUE sets are kept distinct (see _TableSeeder._distinctness)."""

    injective: set[str] = field(default_factory=set)
    counters: dict[str, int] = field(default_factory=dict)  # column -> divisor of the row number
    strides: dict[tuple[str, str], tuple[int, int]] = field(default_factory=dict)
    capacity: int | None = None  # most rows the UNIQUE sets allow


class _TableSeeder:
    """Builds and runs the INSERTs for one table; adapts to constraint violations."""

    def __init__(
        self,
        run: _Run,
        table: _Table,
        rows: int,
        planned_later: set[int],
        null_fractions: Mapping[str, float],
    ) -> None:
        self.conn = run.conn
        self.catalog = run.catalog
        self.keybook = run.keybook
        self.table = table
        self.rows = rows
        self.planned_later = planned_later
        self.null_fractions = null_fractions
        self.warnings = run.warnings
        self.factory = _ValueFactory(table, run.today)
        self.base = 0
        self.rules: dict[str, _Rules] = {}

    def warn(self, message: str) -> None:
        self.warnings.append(f"{self.table.key}: {message}")

    # -- building ----------------------------------------------------------------------------

    def build(self) -> _Insert | None:
        """The INSERT recipe; None when the table cannot be seeded (reason in the warnings)."""
        table = self.table
        row = self.conn.execute(
            cast("LiteralString", f"SELECT count(*) FROM {table.sql}")
        ).fetchone()
        self.base = int(row[0]) if row else 0
        _bump_sequences(self.conn, self)
        for constraint in table.constraints:
            if constraint.kind == "c" and constraint.expression:
                _parse_check(constraint.expression, self.rules)
        for column in table.columns:
            for check in column.type.domain_checks:
                _parse_check(check, self.rules, value_name=column.name)

        supplied = [c for c in table.columns if not c.generated and not c.sequence_filled]
        fk_sources = self._foreign_key_sources({c.name for c in supplied})
        distinct = self._distinctness(supplied, fk_sources)
        slots: dict[str, _Slot] = {}
        keys: dict[str, Expr] = {}

        fk_columns = {c for fk in table.foreign_keys() for c in fk.columns}
        for column in supplied:
            if column.name in fk_columns:
                continue
            value = self._plain_value(column, distinct)
            if value is None:
                continue
            slots[column.name] = _Slot(column, self._finish(column, value.expr), raw=value.expr)
            if column.name in distinct.injective and value.unique:
                keys[column.name] = value.expr
        self._apply_ordering(slots, distinct.injective)
        numbered = self._numbered_columns(fk_columns)
        for name, slot in numbered.items():
            slots[name] = slot
            assert slot.raw is not None
            keys[name] = slot.raw

        joins: list[tuple[str, Callable[[str], str]]] = []
        self_sequence: str | None = None
        overriding = any(slot.column.identity == "a" for slot in numbered.values())
        for fk, source in fk_sources:
            columns = [table.column(c) for c in fk.columns]
            if isinstance(source, _KeySource):
                self._foreign_key_slots(fk, source, distinct, slots, joins)
                continue
            if source == "self":
                made = self._self_reference(fk, slots, keys, self._null_fraction(fk.columns))
                if made == "sequence":
                    id_column = table.column(fk.ref_columns[0])
                    self_sequence = id_column.sequence
                    overriding = overriding or id_column.identity == "a"
                    slots[id_column.name] = _Slot(id_column, lambda g: "s.mc_id")
                if made is not None:
                    continue
                reason = "it references columns we do not generate"
            elif source == "later":
                reason = "its table is seeded later (foreign-key cycle)"
            else:
                reason = f"{self.catalog.tables[fk.ref_table_oid].key} has no rows"
            if any(c.not_null or c.type.domain_not_null for c in columns):
                self.warn(f"not seeded: NOT NULL foreign key {fk.name} cannot be filled: {reason}")
                return None
            self.warn(f"foreign key {fk.name} left NULL: {reason}")
            for c in columns:
                slots[c.name] = _Slot(c, lambda g: "NULL", fallback="NULL")

        # Columns we could not generate: NULL, or their default, or give up.
        for column in supplied:
            if column.name in slots:
                continue
            if not column.not_null and not column.type.domain_not_null:
                slots[column.name] = _Slot(column, lambda g: "NULL", fallback="NULL")
                self.warn(f"column {column.name}: no generator for {column.type.sql}; left NULL")
            elif column.default is not None:
                slots[column.name] = _Slot(column, lambda g: "DEFAULT", fallback="default")
            else:
                self.warn(
                    f"not seeded: no generator for NOT NULL column {column.name} "
                    f"of type {column.type.sql}"
                )
                return None
        if distinct.capacity is not None and distinct.capacity < self.rows:
            self.warn(
                f"room for only {distinct.capacity:,} distinct values in its UNIQUE columns; "
                f"seeding {distinct.capacity:,} rows instead of {self.rows:,}"
            )
            self.rows = max(0, distinct.capacity)
        ordered = {c.name: slots[c.name] for c in table.columns if c.name in slots}
        return _Insert(table, ordered, joins, self_sequence, overriding, keys)

    def _numbered_columns(self, fk_columns: set[str]) -> dict[str, _Slot]:
        """Identity and serial columns, given the numbers their sequence would hand out.

        Written out (first + row * increment) rather than left to nextval(), which takes the
        sequence's lock and buffer on every row and makes concurrent inserts queue behind each
        other; the sequence is then moved past them (:func:`_advance_sequences`). Left to the
        sequence: columns sharing it, foreign keys, and sequences that would run out or cycle.
        """
        table = self.table
        columns = [
            c
            for c in table.columns
            if c.sequence_filled
            and c.sequence
            and not c.generated
            and c.name not in fk_columns
            and c.type.scalar in _INTEGER_TYPES
            and not c.type.array_dims
        ]
        sequences = [c.sequence for c in columns]
        slots: dict[str, _Slot] = {}
        for column in columns:
            sequence = column.sequence
            assert sequence is not None
            if sequences.count(sequence) > 1:
                continue
            row = self.conn.execute(
                "SELECT seqincrement, seqmin, seqmax, has_sequence_privilege(seqrelid, 'SELECT') "
                "AND has_sequence_privilege(seqrelid, 'UPDATE') "
                "FROM pg_sequence WHERE seqrelid = %s::regclass",
                (sequence,),
            ).fetchone()
            if row is None or not row[3]:
                continue
            step, low, high = int(row[0]), int(row[1]), int(row[2])
            state = self.conn.execute(
                cast("LiteralString", f"SELECT last_value, is_called FROM {sequence}")
            ).fetchone()
            if state is None or step == 0:
                continue
            first = int(state[0]) + step if state[1] else int(state[0])
            room = (high - first) // step + 1 if step > 0 else (first - low) // -step + 1
            if room < self.rows:
                continue  # nextval() would fail or wrap around: let it, as it would
            target = column.type.sql
            # Row g (the first new one is base + 1) gets first + (g - base - 1) * step.
            offset = first - (self.base + 1) * step

            def number(g: str, offset: int = offset, step: int = step) -> str:
                return f"({offset} + ({g}) * {step})" if step != 1 else f"(({g}) + {offset})"

            def typed(g: str, number: Expr = number, target: str = target) -> str:
                return f"({number(g)})::{target}"

            slots[column.name] = _Slot(column, typed, raw=number, sequence=(sequence, first, step))
        return slots

    def _foreign_key_sources(
        self, supplied: set[str]
    ) -> list[tuple[_Constraint, _KeySource | str | None]]:
        """Where each foreign key's values come from: parent keys, "self", "later" or None.

        Composite keys come first; a key overlapping one already placed is left to it (the
        composite one usually implies the other, and the rebuilt constraints check it).
        """
        table = self.table
        taken: set[str] = set()
        sources: list[tuple[_Constraint, _KeySource | str | None]] = []
        for fk in sorted(table.foreign_keys(), key=lambda fk: (-len(fk.columns), fk.name)):
            parent = self.catalog.tables.get(fk.ref_table_oid)
            if parent is None or taken & set(fk.columns) or not set(fk.columns) <= supplied:
                continue
            taken |= set(fk.columns)
            source: _KeySource | str | None
            if parent.oid == table.oid:
                source = "self"
            elif parent.oid in self.planned_later:
                source = "later"
            else:
                source = self.keybook.source(parent, fk.ref_columns)
            sources.append((fk, source))
        return sources

    def _distinctness(
        self,
        supplied: list[_Column],
        fk_sources: list[tuple[_Constraint, _KeySource | str | None]],
    ) -> _Distinct:
        """How each UNIQUE column set gets distinct rows.

        In order of preference: (foreign keys, integer) sets like order_items(order_id,
        line_no) cycle through the parents and count per parent; a set with a column that can
        be injective (ids, emails, uuids) makes that column injective; a set of foreign keys
        and finite columns (enums, booleans, IN lists) combines them "mixed radix" from the row
        number, which caps the row count at the number of combinations.
        """
        table = self.table
        supplied_names = {c.name for c in supplied}
        fk_columns = {c for fk in table.foreign_keys() for c in fk.columns}
        referenced = {
            c for _, con, _ in self.catalog.incoming.get(table.oid, []) for c in con.ref_columns
        }
        distinct = _Distinct()
        for columns, _ in table.unique_sets():
            if not set(columns) <= supplied_names:
                continue  # an identity/serial/generated member keeps the rows apart already
            if any(c in distinct.injective or c in distinct.counters for c in columns):
                continue
            inside = [
                (fk, source)
                for fk, source in fk_sources
                if isinstance(source, _KeySource) and set(fk.columns) <= set(columns)
            ]
            if any(("fk", fk.name) in distinct.strides for fk, _ in inside):
                continue  # shares a foreign key with a set handled already: best effort
            free = [c for c in columns if c not in fk_columns]
            capable = [c for c in free if self._injective_type(c)]
            integers = [c for c in capable if table.column(c).type.scalar in _INTEGER_TYPES]
            if inside and integers:
                stride = 1
                for fk, source in inside:
                    assert isinstance(source, _KeySource)
                    distinct.strides[("fk", fk.name)] = (stride, source.count)
                    stride *= source.count
                distinct.counters[integers[0]] = stride
            elif capable:
                distinct.injective.add(
                    min(capable, key=lambda c: (c not in referenced, columns.index(c)))
                )
            else:
                covered = {c for fk, _ in inside for c in fk.columns}
                finite = {c: self._domain_size(c) for c in free}
                if any(c not in covered and not finite.get(c) for c in columns):
                    self.warn(f"cannot make ({', '.join(columns)}) distinct; seeding may fail")
                    continue
                stride = 1
                for fk, source in inside:
                    assert isinstance(source, _KeySource)
                    distinct.strides[("fk", fk.name)] = (stride, source.count)
                    stride *= source.count
                for c in free:
                    size = finite[c] or 1
                    distinct.strides[("col", c)] = (stride, size)
                    stride *= size
                distinct.capacity = (
                    stride if distinct.capacity is None else min(distinct.capacity, stride)
                )
        # Keys our children reference must be injective (and are never NULL, see _finish).
        for column in referenced & supplied_names:
            if (
                column not in fk_columns
                and column not in distinct.counters
                and self._injective_type(column)
            ):
                distinct.injective.add(column)
        for column in distinct.injective:
            room = self._unique_capacity(table.column(column))
            if room is not None:
                distinct.capacity = (
                    room if distinct.capacity is None else min(distinct.capacity, room)
                )
        return distinct

    def _domain_size(self, name: str) -> int | None:
        column = self.table.column(name)
        allowed = self.rules.get(name, _Rules()).allowed
        if allowed is not None:
            return len(allowed)
        if column.type.array_dims:
            return None
        if column.type.kind == "e":
            return len(column.type.labels)
        if column.type.scalar == "bool":
            return 2
        return None

    def _plain_value(self, column: _Column, distinct: _Distinct) -> _Value | None:
        name = column.name
        relative = self._relative
        if name in distinct.counters:
            divisor = distinct.counters[name]
            rules = self.rules.get(name, _Rules())
            low = 1 if rules.low is None else math.ceil(rules.low + (not rules.low_inclusive))
            start = max(low, self._offset(column, absolute=True) + 1)
            target = column.type.scalar_sql
            return _Value(lambda g: f"({start} + ({relative(g)}) / {divisor})::{target}", False)
        unique = name in distinct.injective
        offset = self._offset(column) if unique else 0
        value = self.factory.value(column, self.rules.get(name, _Rules()), unique, offset)
        if value is None or ("col", name) not in distinct.strides:
            return value
        stride, size = distinct.strides[("col", name)]
        index_expr = value.index_expr
        if index_expr is None:
            return value
        return _Value(lambda g: index_expr(f"(({relative(g)}) / {stride}) % {size}"), False)

    def _apply_ordering(self, slots: dict[str, _Slot], injective: set[str]) -> None:
        """CHECK (ends_at > starts_at): the greater column becomes the lesser plus a step."""
        table = self.table
        orderable = {"numeric", "float4", "float8", *_INTEGER_TYPES, *_TEMPORAL_TYPES}
        for name, rules in self.rules.items():
            if name not in slots or name in injective or slots[name].raw is None:
                continue
            column = table.column(name)
            kind = column.type.scalar
            if kind not in orderable or column.type.array_dims:
                continue
            for other, strict in rules.above:
                below = slots.get(other)
                if below is None or below.raw is None:
                    continue
                if _order_class(below.column.type.scalar) != _order_class(kind):
                    continue
                above = _stepped_above(
                    below.raw,
                    below.column.type.scalar_sql,
                    seed=self.factory.seed(name, "above"),
                    strict=strict,
                    timestamps=kind in ("timestamp", "timestamptz"),
                )

                slots[name] = _Slot(column, self._finish(column, above), raw=above)

    def _foreign_key_slots(
        self,
        fk: _Constraint,
        source: _KeySource,
        distinct: _Distinct,
        slots: dict[str, _Slot],
        joins: list[tuple[str, Callable[[str], str]]],
    ) -> None:
        table = self.table
        relative = self._relative
        if ("fk", fk.name) in distinct.strides:
            stride, size = distinct.strides[("fk", fk.name)]

            def index(g: str) -> str:
                return f"((({relative(g)}) / {stride}) % {size})"
        else:
            seed, count = self.factory.seed(fk.name, "fk"), source.count

            def index(g: str) -> str:
                return _pick(g, seed, count)

        columns = [table.column(c) for c in fk.columns]
        parts: list[Expr]
        if source.join is not None:
            alias = f"k{len(joins) + 1}"
            join = source.join
            joins.append((alias, lambda g: join(alias, index(g))))
            parts = [lambda g, v=v: v for v in source.values(alias)]
        else:
            values_of = source.values
            parts = [lambda g, n=n: values_of(index(g))[n] for n in range(len(columns))]
        null_fraction = self._null_fraction(fk.columns)
        null_seed = self.factory.seed(fk.name, "nulls")
        for column, part in zip(columns, parts, strict=True):
            target = column.type.sql

            def fk_value(g: str, part: Expr = part, target: str = target) -> str:
                return f"({part(g)})::{target}"

            slots[column.name] = _Slot(
                column, _with_nulls(fk_value, null_fraction, null_seed, target), raw=fk_value
            )

    def _relative(self, g: str) -> str:
        """0-based position of row ``g`` among the rows of this run."""
        return f"(({g}) - {self.base + 1})"

    def _injective_type(self, name: str) -> bool:
        column = self.table.column(name)
        ctype = column.type
        if self.rules.get(name, _Rules()).allowed is not None or ctype.kind == "e":
            return False
        return (
            ctype.scalar in _INTEGER_TYPES
            or ctype.scalar in _STRING_TYPES
            or ctype.category == "S"
            or ctype.scalar
            in (
                "numeric",
                "float4",
                "float8",
                "uuid",
                "date",
                "timestamp",
                "timestamptz",
                "bytea",
                "inet",
                "jsonb",
                "json",
                "interval",
                "time",
                "money",
                "xml",
            )
        )

    def _unique_capacity(self, column: _Column) -> int | None:
        """How many distinct values an injective ``column`` can take, when that is limited."""
        ctype = column.type
        if ctype.scalar in _INTEGER_TYPES:
            return _INTEGER_TYPES[ctype.scalar] - self._offset(column) - self.base
        limit = ctype.max_length
        rules = self.rules.get(column.name)
        if rules is not None and rules.max_length is not None:
            limit = rules.max_length if limit is None else min(limit, rules.max_length)
        if (
            limit is not None
            and limit < 19
            and (ctype.scalar in _STRING_TYPES or ctype.category == "S")
        ):
            return 10**limit - 1 - self.base
        if ctype.scalar == "numeric" and ctype.numeric_precision:
            precision, scale = ctype.numeric_precision
            return 10 ** (precision - scale) - 1 - self.base
        return None

    def _offset(self, column: _Column, *, absolute: bool = False) -> int:
        """How far existing integer values reach, so that new ones do not collide with them.

        Relative to the row number (``g`` starts after the existing rows) unless ``absolute``.
        """
        if self.base == 0 or column.type.scalar not in _INTEGER_TYPES:
            return 0
        row = self.conn.execute(
            cast("LiteralString", f"SELECT max({_ident(column.name)}) FROM {self.table.sql}")
        ).fetchone()
        if not row or row[0] is None:
            return 0
        return int(row[0]) if absolute else max(0, int(row[0]) - self.base)

    def _null_fraction(self, columns: Sequence[str]) -> float:
        table = self.table
        if any(table.column(c).not_null or table.column(c).type.domain_not_null for c in columns):
            return 0.0
        if any(self.rules.get(c, _Rules()).not_null for c in columns):
            return 0.0
        fractions = [self.null_fractions.get(c) for c in columns]
        known = [f for f in fractions if f is not None]
        fraction = max(known) if known else DEFAULT_NULL_FRACTION
        return min(max(fraction, 0.0), 1.0)

    def _finish(self, column: _Column, value: Expr) -> Expr:
        """Cast to the column type, with the column's share of NULLs."""
        target = column.type.sql
        referenced = any(
            column.name in con.ref_columns
            for _, con, _ in self.catalog.incoming.get(self.table.oid, [])
        )
        in_unique_nnd = any(column.name in cols and nnd for cols, nnd in self.table.unique_sets())
        fraction = 0.0 if referenced or in_unique_nnd else self._null_fraction([column.name])
        seed = self.factory.seed(column.name, "nulls")

        def cast_value(g: str) -> str:
            return f"({value(g)})::{target}"

        return _with_nulls(cast_value, fraction, seed, target)

    def _self_reference(
        self,
        fk: _Constraint,
        slots: dict[str, _Slot],
        keys: dict[str, Expr],
        null_fraction: float,
    ) -> str | None:
        """Fill a self-reference: each row points at itself or an earlier row of this run."""
        table = self.table
        columns = [table.column(c) for c in fk.columns]
        null_seed = self.factory.seed(fk.name, "nulls")
        seed = self.factory.seed(fk.name, "fk")
        base = self.base
        if all(c in keys for c in fk.ref_columns):
            exprs = [keys[c] for c in fk.ref_columns]
            for column, expr in zip(columns, exprs, strict=True):
                target = column.type.sql

                def earlier(g: str, expr: Expr = expr, target: str = target) -> str:
                    # Row g of this run points at row g' in [first row, g]: a forest of trees.
                    g_earlier = (
                        f"({base} + 1 + abs(hashint8extended({g}, {seed}) % (({g}) - {base})))"
                    )
                    return f"({expr(g_earlier)})::{target}"

                slots[column.name] = _Slot(
                    column, _with_nulls(earlier, null_fraction, null_seed, target), raw=earlier
                )
            return "keys"
        if len(fk.ref_columns) == 1:
            id_column = table.column(fk.ref_columns[0])
            if id_column.sequence_filled and id_column.sequence:
                # We number the rows with the column's own sequence (as its default would), so a
                # row can point at one numbered earlier in the same statement.
                increment_row = self.conn.execute(
                    "SELECT increment_by FROM pg_sequences "
                    "WHERE format('%%I.%%I', schemaname, sequencename)::regclass = %s::regclass",
                    (id_column.sequence,),
                ).fetchone()
                increment = int(increment_row[0]) if increment_row else 1
                target = columns[0].type.sql

                def back(g: str, target: str = target, increment: int = increment) -> str:
                    # s.g0 is the chunk's first row: ids within one statement are consecutive.
                    distance = f"abs(hashint8extended({g}, {seed}) % (({g}) - s.g0 + 1))"
                    return f"(s.mc_id - {distance} * {increment})::{target}"

                slots[columns[0].name] = _Slot(
                    columns[0], _with_nulls(back, null_fraction, null_seed, target), raw=back
                )
                return "sequence"
        return None


def _stepped_above(
    lower: Expr, lower_type: str, *, seed: int, strict: bool, timestamps: bool
) -> Expr:
    """A value above ``lower`` (of type ``lower_type``) by a random positive step."""

    def above(g: str) -> str:
        if timestamps:
            step = f"(1 + {_pick(g, seed, _STEP_SECONDS)}) * '1 second'::interval"
        else:
            step = f"({int(strict)} + {_pick(g, seed, 30)})"
        return f"(({lower(g)})::{lower_type} + {step})"

    return above


def _order_class(scalar: str) -> str:
    """Columns that can be compared and stepped: timestamps, dates, or numbers."""
    if scalar in ("timestamp", "timestamptz"):
        return "timestamp"
    return "date" if scalar == "date" else "number"


def _with_nulls(value: Expr, fraction: float, seed: int, target: str) -> Expr:
    if fraction <= 0:
        return value
    if fraction >= 1:
        return lambda g: f"NULL::{target}"
    # The low 20 bits of a hash: a bit-and is cheaper than abs(... % n) on every row.
    threshold = round(fraction * 1_048_576)
    return lambda g: (
        f"CASE WHEN (hashint8extended({g}, {seed}) & 1048575) < {threshold} "
        f"THEN NULL ELSE {value(g)} END"
    )


# ---------------------------------------------------------------------------------------------
# Deferring indexes and constraints while a table is filled
# ---------------------------------------------------------------------------------------------


@dataclass
class _Deferral:
    drops: list[str]
    restores: list[tuple[str, str]]  # (what, SQL): "what" names it in a warning


def _deferral(
    catalog: _Catalog,
    table: _Table,
    *,
    keep_foreign_keys: bool,
    empty_children: frozenset[int] = frozenset(),
) -> _Deferral | None:
    """Statements that drop the table's indexes and keys and bring them back, or None if unsafe.

    With ``keep_foreign_keys`` (replica mode: RI triggers do not fire) foreign keys stay, and so
    do the indexes they reference; else those are dropped too and recreated (and validated).
    Foreign keys of other tables are dropped even then when all those tables are among
    ``empty_children``: added back, they are checked in no time, and the keys they reference
    are rebuilt in bulk instead of being maintained row by row (about three times dearer).
    """
    if table.relkind != "r" or table.in_inheritance:
        return None
    if any(con.inherited for con in table.constraints):
        return None
    drops: list[str] = []
    restores: list[tuple[str, str]] = []
    later: list[tuple[str, str]] = []
    comments: list[tuple[str, str]] = []

    def constraint_restore(table_sql: str, con: _Constraint) -> None:
        later_or_now = later if con.kind == "f" else restores
        later_or_now.append(
            (
                f"constraint {con.name}",
                f"ALTER TABLE {table_sql} ADD CONSTRAINT {_ident(con.name)} {con.definition}",
            )
        )
        if con.comment is not None:
            comments.append(
                (
                    f"comment on {con.name}",
                    f"COMMENT ON CONSTRAINT {_ident(con.name)} ON {table_sql} IS {_literal(con.comment)}",
                )
            )

    referenced_indexes: set[int] = set()
    incoming = catalog.incoming.get(table.oid, [])
    others = [(con, child_sql) for _, con, child_sql in incoming if con.table_oid != table.oid]
    movable = all(con.table_oid in empty_children and not con.inherited for con, _ in others)
    if keep_foreign_keys:
        kept = [con for _, con, _ in incoming if con.table_oid == table.oid or not movable]
        referenced_indexes = {con.index_oid for con in kept}
        if movable:
            for con, child_sql in others:
                drops.append(f"ALTER TABLE {child_sql} DROP CONSTRAINT {_ident(con.name)}")
                constraint_restore(child_sql, con)
    else:
        for _, con, child_sql in catalog.incoming.get(table.oid, []):
            if con.table_oid != table.oid:
                drops.append(f"ALTER TABLE {child_sql} DROP CONSTRAINT {_ident(con.name)}")
                constraint_restore(child_sql, con)
        for con in table.foreign_keys():
            drops.append(f"ALTER TABLE {table.sql} DROP CONSTRAINT {_ident(con.name)}")
            constraint_restore(table.sql, con)
    by_oid = {con.oid: con for con in table.constraints}
    schema = _ident(table.schema)
    for index in table.indexes:
        if not index.valid or index.oid in referenced_indexes:
            continue  # invalid indexes stay exactly as they are; referenced keys stay in place
        con = by_oid.get(index.constraint_oid) if index.constraint_oid is not None else None
        if con is not None:
            drops.append(f"ALTER TABLE {table.sql} DROP CONSTRAINT {_ident(con.name)}")
            constraint_restore(table.sql, con)
        else:
            drops.append(f"DROP INDEX {schema}.{_ident(index.name)}")
            restores.append((f"index {index.name}", index.definition))
        if index.comment is not None:  # a key's index can have one of its own too
            comments.append(
                (
                    f"comment on {index.name}",
                    f"COMMENT ON INDEX {schema}.{_ident(index.name)} IS {_literal(index.comment)}",
                )
            )
        if index.clustered:
            later.append(
                (
                    f"CLUSTER ON {index.name}",
                    f"ALTER TABLE {table.sql} CLUSTER ON {_ident(index.name)}",
                )
            )
        if index.replica_identity:
            later.append(
                (
                    f"replica identity {index.name}",
                    f"ALTER TABLE {table.sql} REPLICA IDENTITY USING INDEX {_ident(index.name)}",
                )
            )
    return _Deferral(drops, restores + later + comments)


def _children_without_rows(
    conn: psycopg.Connection[Any], catalog: _Catalog, table: _Table
) -> frozenset[int]:
    """Other tables with foreign keys to ``table`` that hold no rows (yet)."""
    children = {
        con.table_oid: child_sql
        for _, con, child_sql in catalog.incoming.get(table.oid, [])
        if con.table_oid != table.oid
    }
    empty: set[int] = set()
    for oid, child_sql in children.items():
        try:
            with conn.transaction():
                row = conn.execute(
                    cast("LiteralString", f"SELECT NOT EXISTS (SELECT FROM {child_sql})")
                ).fetchone()
        except psycopg.Error:
            continue  # not ours to read: treated as holding rows
        if row and row[0]:
            empty.add(oid)
    return frozenset(empty)


# ---------------------------------------------------------------------------------------------
# Seeding
# ---------------------------------------------------------------------------------------------


class _SkipTable(Exception):
    """This table cannot be seeded; the reason is already in the warnings."""


def seed(
    conn: psycopg.Connection[Any],
    plans: Sequence[TablePlan],
    *,
    on_progress: ProgressCallback | None = None,
    null_fractions: Mapping[str, Mapping[str, float]] = {},
    defer_indexes: bool = True,
    connect: Connect | None = None,
    workers: int | None = None,
) -> SeedResult:
    """Insert ``plan.rows`` new rows into each planned table, in the order given.

    Each table is seeded in its own transaction, committed before the next. When ``conn`` is
    already inside a transaction, savepoints are used instead and committing is the caller's.
    ``on_progress(table, done, total)`` is called after every chunk (always from the calling
    thread). ``null_fractions`` maps a table (bare or qualified name) to the share of NULLs per
    column (``pg_stats.null_frac``), for nullable columns; others get
    :data:`DEFAULT_NULL_FRACTION`. With ``defer_indexes`` (the default) indexes and keys are
    dropped during the load and rebuilt after it, under the same names and definitions. A table
    that cannot be seeded gets 0 rows and a warning.

    ``connect`` opens another connection to the same database (as the same role). With it, and
    unless ``conn`` is inside the caller's transaction, empty tables of at least
    :data:`PARALLEL_MIN_ROWS` rows are filled by ``workers`` connections at once (``conn`` and
    ``workers - 1`` more; default :func:`seed_workers`). Each such table then goes through
    several committed steps instead of one transaction (see the module documentation).
    """
    if workers is not None and workers < 1:
        raise ConfigError(f"seed workers must be at least 1 (got {workers})")
    started = time.perf_counter()
    result = SeedResult(tables={}, seconds=0.0)
    if not plans:
        return result
    with _own_transactions(conn) as owned:
        pool = None
        if connect is not None and owned:
            count = seed_workers() if workers is None else workers
            pool = _WorkerPool(connect, count - 1) if count > 1 else None
        try:
            _seed_all(
                conn,
                plans,
                result,
                on_progress=on_progress,
                null_fractions=null_fractions,
                defer_indexes=defer_indexes,
                pool=pool,
            )
            if pool is not None and pool.failure is not None:
                result.warnings.append(
                    f"tables filled on fewer connections: cannot open more: {pool.failure}"
                )
        finally:
            if pool is not None:
                pool.close()
    result.seconds = time.perf_counter() - started
    return result


def seed_workers() -> int:
    """How many connections fill one table at once: :data:`WORKERS_ENV` when set, else one per
    CPU core available to this process, between 1 and :data:`MAX_SEED_WORKERS`.

    The cores counted are this machine's: right for the embedded and docker backends, a guess
    for a remote server (set the variable there).
    """
    forced = os.environ.get(WORKERS_ENV, "").strip()
    if forced:
        count = int(forced) if forced.isdigit() else 0
        if count < 1:
            raise ConfigError(f"{WORKERS_ENV} must be a whole number >= 1 (got {forced!r})")
        return count
    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        cores = os.cpu_count() or 1
    return max(1, min(MAX_SEED_WORKERS, cores))


@contextmanager
def _own_transactions(conn: psycopg.Connection[Any]) -> Generator[bool, None, None]:
    """Autocommit while we work on an idle connection: our transactions are then real ones
    (each table committed on its own), and catalog reads leave no transaction open. Inside a
    caller's transaction everything stays in it (as savepoints).

    Yields whether our transactions are our own (False inside the caller's transaction)."""
    idle = conn.info.transaction_status == TransactionStatus.IDLE
    if conn.autocommit or not idle:
        yield conn.autocommit and idle
        return
    conn.autocommit = True
    try:
        yield True
    finally:
        if not conn.closed and conn.info.transaction_status == TransactionStatus.IDLE:
            conn.autocommit = False


def _seed_all(
    conn: psycopg.Connection[Any],
    plans: Sequence[TablePlan],
    result: SeedResult,
    *,
    on_progress: ProgressCallback | None,
    null_fractions: Mapping[str, Mapping[str, float]],
    defer_indexes: bool,
    pool: _WorkerPool | None,
) -> None:
    found = conn.execute(
        """
        SELECT c.oid, n.nspname || '.' || c.relname
        FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE c.relkind IN ('r', 'p') AND n.nspname || '.' || c.relname = ANY(%s)
        """,
        ([plan.table for plan in plans],),
    ).fetchall()
    oid_of = {key: int(oid) for oid, key in found}
    missing = [plan.table for plan in plans if plan.table not in oid_of]
    if missing:
        raise ConfigError(f"cannot seed {missing[0]!r}: no such table (expected schema.table)")
    catalog = _read_catalog(conn, oid_of.values())
    run = _Run(
        conn=conn,
        catalog=catalog,
        keybook=_KeyBook(conn, catalog),
        warnings=result.warnings,
        today=dt.date.today(),
        on_progress=on_progress,
        defer_indexes=defer_indexes,
        pool=pool,
    )
    planned = [plan for plan in plans if plan.rows > 0]
    try:
        for position, plan in enumerate(planned):
            table = catalog.tables[oid_of[plan.table]]
            later = {oid_of[p.table] for p in planned[position + 1 :]} - {table.oid}
            fractions = _fractions_for(table, null_fractions)
            result.tables[plan.table] = _seed_table(run, table, plan.rows, later, fractions)
    finally:
        run.keybook.close()


@dataclass
class _Run:
    """What every table of one :func:`seed` call shares."""

    conn: psycopg.Connection[Any]
    catalog: _Catalog
    keybook: _KeyBook
    warnings: list[str]
    today: dt.date
    on_progress: ProgressCallback | None
    defer_indexes: bool
    pool: _WorkerPool | None = None


def _fractions_for(
    table: _Table, null_fractions: Mapping[str, Mapping[str, float]]
) -> dict[str, float]:
    merged: dict[str, float] = {}
    merged.update(null_fractions.get(table.name, {}))
    merged.update(null_fractions.get(table.key, {}))
    return merged


class _RetryWithIndexes(Exception):
    """Deferring the indexes did not work out: seed the table again with them in place."""


def _seed_table(
    run: _Run, table: _Table, rows: int, later: set[int], fractions: Mapping[str, float]
) -> int:
    for defer in (True, False) if run.defer_indexes else (False,):
        seeder = _TableSeeder(run, table, rows, later, fractions)
        mark = len(run.warnings)
        try:
            inserted = None
            if run.pool is not None:
                inserted = _run_table_in_parallel(run, seeder, defer=defer)
                if inserted is None:  # not for this table; build() may have run: start afresh
                    seeder = _TableSeeder(run, table, rows, later, fractions)
            if inserted is None:
                inserted = _run_table(run, seeder, defer=defer)
        except _RetryWithIndexes as reason:
            # The transaction is rolled back: temp key tables made in it are gone too.
            run.keybook.reset()
            del run.warnings[mark:]
            if defer:
                continue
            run.warnings.append(f"{table.key}: not seeded: {reason}")
            return 0
        except _SkipTable:
            run.keybook.reset()
            return 0
        run.keybook.forget(table.oid)
        return inserted
    return 0  # pragma: no cover - the loop always returns


def _run_table(run: _Run, seeder: _TableSeeder, *, defer: bool) -> int:
    conn, table = run.conn, seeder.table
    with conn.transaction():
        # Settings changed below are put back at the end: inside a caller's transaction (we are
        # a savepoint then) they would otherwise last until the caller commits.
        saved = conn.execute(
            "SELECT name, setting FROM pg_settings WHERE name = ANY(%s)", (list(_TUNED_SETTINGS),)
        ).fetchall()
        _execute(conn, "SET LOCAL synchronous_commit = off")
        conn.execute(
            "SELECT set_config('maintenance_work_mem', '256MB', true) "
            "WHERE pg_size_bytes(current_setting('maintenance_work_mem')) < pg_size_bytes('256MB')"
        )
        # Replica mode (superusers) skips the per-row foreign-key triggers: our values are drawn
        # from the parents' keys. Without it the foreign keys are dropped and validated at the
        # end in one query each, which is still far cheaper than a trigger per row.
        replica = _try(conn, "SET LOCAL session_replication_role = replica")
        deferral = (
            _deferral(
                run.catalog,
                table,
                keep_foreign_keys=replica,
                empty_children=_children_without_rows(conn, run.catalog, table),
            )
            if defer
            else None
        )
        if deferral is not None:
            try:
                with conn.transaction():
                    for statement in deferral.drops:
                        _execute(conn, statement)
            except psycopg.Error as error:
                # A view relying on the primary key, a missing privilege...: keep the indexes.
                raise _RetryWithIndexes(_one_line(error)) from None
        insert = seeder.build()
        if insert is None:
            raise _SkipTable
        done = _insert_rows(run, seeder, insert)
        if deferral is not None:
            for what, statement in deferral.restores:
                try:
                    with conn.transaction():
                        _execute(conn, statement)
                except psycopg.Error as error:
                    raise _RetryWithIndexes(
                        f"restoring {what} after seeding failed: {_one_line(error)}"
                    ) from None
        _advance_sequences(conn, insert, done)
        if done:
            _execute(conn, f"ANALYZE {table.sql}")
        run.keybook.seeded[table.oid] = _Seeded(seeder.base, done, dict(insert.keys))
        for name, setting in saved:
            if name != "session_replication_role" or replica:  # only what we could change
                conn.execute("SELECT set_config(%s, %s, true)", (name, setting))
    return done


_TUNED_SETTINGS = ("synchronous_commit", "session_replication_role", "maintenance_work_mem")


def _try(conn: psycopg.Connection[Any], statement: str) -> bool:
    """Run ``statement`` in a savepoint; False (and nothing happened) if it fails."""
    try:
        with conn.transaction():
            _execute(conn, statement)
    except psycopg.Error:
        return False
    return True


def _bump_sequences(conn: psycopg.Connection[Any], seeder: _TableSeeder) -> None:
    """Move identity/serial sequences past rows inserted with explicit ids before us."""
    if seeder.base == 0:
        return
    for column in seeder.table.columns:
        if column.sequence_filled and column.sequence and column.type.scalar in _INTEGER_TYPES:
            conn.execute(
                cast(
                    "LiteralString",
                    f"SELECT setval({_literal(column.sequence)}, max({_ident(column.name)})) "
                    f"FROM {seeder.table.sql} HAVING max({_ident(column.name)}) >= "
                    f"(SELECT CASE WHEN is_called THEN last_value + 1 ELSE last_value END "
                    f"FROM {column.sequence})",
                )
            )


def _advance_sequences(conn: psycopg.Connection[Any], insert: _Insert, done: int) -> None:
    """Leave the sequences we numbered rows for where nextval() would have left them."""
    if done <= 0:
        return
    for slot in insert.slots.values():
        if slot.sequence is not None:
            sequence, first, step = slot.sequence
            conn.execute(
                "SELECT setval(%s::regclass, %s, true)", (sequence, first + (done - 1) * step)
            )


def _sequence_states(conn: psycopg.Connection[Any], table: _Table) -> list[tuple[str, int, bool]]:
    states = []
    for column in table.columns:
        if column.sequence_filled and column.sequence:
            row = conn.execute(
                cast("LiteralString", f"SELECT last_value, is_called FROM {column.sequence}")
            ).fetchone()
            if row:
                states.append((column.sequence, int(row[0]), bool(row[1])))
    return states


def _probe(conn: psycopg.Connection[Any], seeder: _TableSeeder, insert: _Insert) -> None:
    """A few rows, rolled back, to meet violations before spending a whole chunk."""
    base, total = seeder.base, seeder.rows
    states = _sequence_states(conn, seeder.table)
    _attempt_with_fallbacks(
        conn, seeder, insert, base + 1, base + min(total, PROBE_ROWS), keep=False
    )
    for sequence, last_value, is_called in states:
        conn.execute("SELECT setval(%s::regclass, %s, %s)", (sequence, last_value, is_called))


def _insert_rows(run: _Run, seeder: _TableSeeder, insert: _Insert) -> int:
    conn, table, on_progress = run.conn, seeder.table, run.on_progress
    base, total = seeder.base, seeder.rows
    _probe(conn, seeder, insert)
    done = 0
    while done < total:
        first = base + done + 1
        last = base + min(total, done + CHUNK_ROWS)
        _attempt_with_fallbacks(conn, seeder, insert, first, last, keep=True)
        done = last - base
        if on_progress is not None:
            on_progress(table.key, done, total)
    return done


# ---------------------------------------------------------------------------------------------
# Filling one table on several connections at once
# ---------------------------------------------------------------------------------------------

# Session settings that change what a generated expression means (type names, casts to
# timestamp without time zone, money): the extra connections take the main connection's.
_COPIED_SETTINGS = ("search_path", "TimeZone", "DateStyle", "IntervalStyle", "lc_monetary")


class _WorkerPool:
    """Connections that fill chunks beside the main one: opened once, used for every table."""

    def __init__(self, connect: Connect, size: int) -> None:
        self._connect = connect
        self._size = size  # extra connections wanted
        self._connections: list[psycopg.Connection[Any]] = []
        self.failure: str | None = None  # why connecting failed (once: not tried again)

    def ready(self, run: _Run) -> list[psycopg.Connection[Any]]:
        """The extra connections, set up like the main one; fewer (or none) if some cannot be."""
        self._connections = [c for c in self._connections if not c.closed and not c.broken]
        while len(self._connections) < self._size and self.failure is None:
            try:
                extra = self._connect()
            except (psycopg.Error, MigcheckError) as error:
                self.failure = _one_line(error)
                break
            extra.autocommit = True
            self._connections.append(extra)
        settings = run.conn.execute(
            "SELECT name, setting FROM pg_settings WHERE name = ANY(%s)",
            ([*_COPIED_SETTINGS, "session_replication_role"],),
        ).fetchall()
        usable: list[psycopg.Connection[Any]] = []
        for extra in self._connections:
            try:
                _execute(extra, "SET synchronous_commit = off")
                for name, setting in settings:
                    # Only what differs: session_replication_role needs a superuser to be set
                    # at all, even to the value it has.
                    extra.execute(
                        "SELECT set_config(%s, %s, false) WHERE current_setting(%s) <> %s",
                        (name, setting, name, setting),
                    )
            except psycopg.Error:
                continue  # e.g. replica mode not allowed there: leave that one out
            usable.append(extra)
        return usable

    def close(self) -> None:
        for extra in self._connections:
            with contextlib.suppress(psycopg.Error):
                extra.close()
        self._connections.clear()


def _run_table_in_parallel(run: _Run, seeder: _TableSeeder, *, defer: bool) -> int | None:
    """Seed an empty table with its chunks filled on several connections; None: not this one.

    Each step is committed on its own: the deferred indexes and keys are dropped; the INSERT is
    built and probed on the main connection (the only one that ever changes the generators);
    the chunks are filled on all connections, and after a failure the chunks not done are
    finished on the main connection with the usual fallbacks; the indexes and keys are rebuilt;
    ANALYZE. The table held no rows before, so whenever rows must be taken back (a table that
    cannot be seeded, an index that cannot be rebuilt over them, an interruption), emptying it
    again gives the outcome a rolled-back transaction would have given.
    """
    conn, table, pool = run.conn, seeder.table, run.pool
    assert pool is not None
    if seeder.rows < PARALLEL_MIN_ROWS or not _holds_no_rows(conn, table):
        return None
    with _session_tuning(conn) as replica:
        extra = pool.ready(run)
        if not extra:
            return None
        mark = len(run.warnings)
        insert = seeder.build()
        if insert is None:
            raise _SkipTable
        # Keys drawn from a temp table are visible to this session only; rows numbered by their
        # own sequence point at ids taken in the same statement, which would interleave.
        if insert.joins or insert.self_sequence is not None or seeder.rows < PARALLEL_MIN_ROWS:
            del run.warnings[mark:]
            return None
        deferral = (
            _deferral(
                run.catalog,
                table,
                keep_foreign_keys=replica,
                empty_children=_children_without_rows(conn, run.catalog, table),
            )
            if defer
            else None
        )
        if deferral is not None:
            try:
                with conn.transaction():
                    for statement in deferral.drops:
                        _execute(conn, statement)
            except psycopg.Error as error:
                # A view relying on the primary key, a missing privilege...: keep the indexes.
                raise _RetryWithIndexes(_one_line(error)) from None
        restores = deferral.restores if deferral is not None else []
        try:
            done = _fill_in_parallel(run, seeder, insert, [conn, *extra])
        except _SkipTable:
            _take_back(run, table, restores)
            raise
        except BaseException:
            # Interrupted or failed: put the table back as it was, as far as the server lets us;
            # the error that brought us here is the one to report.
            with contextlib.suppress(psycopg.Error, MigcheckError):
                _take_back(run, table, restores)
            raise
        failed = _restore(conn, restores)
        if failed:
            _take_back(run, table, [(what, statement) for what, statement, _ in failed])
            what, _, reason = failed[0]
            raise _RetryWithIndexes(f"restoring {what} after seeding failed: {reason}")
        _advance_sequences(conn, insert, done)
        if done:
            _execute(conn, f"ANALYZE {table.sql}")
        run.keybook.seeded[table.oid] = _Seeded(seeder.base, done, dict(insert.keys))
    return done


def _fill_in_parallel(
    run: _Run,
    seeder: _TableSeeder,
    insert: _Insert,
    connections: Sequence[psycopg.Connection[Any]],
) -> int:
    """Probe, then fill every chunk, on all ``connections`` (the main one first)."""
    conn, table = run.conn, seeder.table
    total = seeder.rows
    _probe(conn, seeder, insert)
    chunks = _chunk_ranges(seeder.base, total, len(connections))
    done = 0

    def chunk_done(index: int) -> None:
        nonlocal done
        first, last = chunks[index]
        done += last - first + 1
        if run.on_progress is not None:
            run.on_progress(table.key, done, total)

    # The statements are written here, before any thread starts: the generators stay untouched
    # until every connection has finished.
    statements = [insert.statement(first, last) for first, last in chunks]
    for index in _run_concurrently(connections, statements, chunk_done):
        first, last = chunks[index]
        _attempt_with_fallbacks(conn, seeder, insert, first, last, keep=True)
        chunk_done(index)
    return total


def _chunk_ranges(base: int, total: int, connections: int) -> list[tuple[int, int]]:
    """Row ranges (first, last) after ``base``: at most CHUNK_ROWS rows each, and a multiple of
    ``connections`` of them, so that every connection gets about as much work."""
    count = connections * math.ceil(total / (connections * CHUNK_ROWS))
    size = math.ceil(total / count)
    ranges: list[tuple[int, int]] = []
    first, end = base + 1, base + total
    while first <= end:
        last = min(end, first + size - 1)
        ranges.append((first, last))
        first = last + 1
    return ranges


_FINISHED = -1


def _run_concurrently(
    connections: Sequence[psycopg.Connection[Any]],
    statements: Sequence[str],
    on_done: Callable[[int], None],
) -> list[int]:
    """Run ``statements`` (autocommit, each its own transaction) on all ``connections`` at once.

    ``on_done(index)`` is called in this thread as each statement completes. The first failure
    stops handing out statements (those running finish). Returns the indexes of the statements
    not done, failed or never started, in order; an exception that is not a database error is
    raised again here. Interrupted (Ctrl-C), it cancels what runs and waits for it.
    """
    pending = collections.deque(range(len(statements)))
    reports: queue.SimpleQueue[tuple[int, BaseException | None]] = queue.SimpleQueue()
    stop = threading.Event()

    def work(connection: psycopg.Connection[Any]) -> None:
        try:
            while not stop.is_set():
                try:
                    index = pending.popleft()  # atomic: no two threads get the same chunk
                except IndexError:
                    return
                try:
                    _execute(connection, statements[index])
                except BaseException as error:  # judged by the calling thread
                    reports.put((index, error))
                    return
                reports.put((index, None))
        finally:
            reports.put((_FINISHED, None))

    threads = [
        threading.Thread(target=work, args=(c,), name=f"migcheck-seed-{n}", daemon=True)
        for n, c in enumerate(connections)
    ]
    for thread in threads:
        thread.start()
    done: set[int] = set()
    crash: BaseException | None = None
    running = len(threads)
    try:
        while running:
            try:
                index, error = reports.get(timeout=0.5)  # a timeout keeps Ctrl-C responsive
            except queue.Empty:
                continue
            if index == _FINISHED:
                running -= 1
            elif error is None:
                done.add(index)
                on_done(index)
            else:
                stop.set()
                if not isinstance(error, psycopg.Error) and crash is None:
                    crash = error
    except BaseException:
        stop.set()
        for connection in connections:
            with contextlib.suppress(psycopg.Error):
                connection.cancel_safe(timeout=5.0)
        for thread in threads:
            thread.join()
        raise
    for thread in threads:
        thread.join()
    if crash is not None:
        raise crash
    return [index for index in range(len(statements)) if index not in done]


@contextmanager
def _session_tuning(conn: psycopg.Connection[Any]) -> Generator[bool, None, None]:
    """For one table: synchronous_commit off and, for superusers, replica mode (RI triggers
    skipped) on ``conn``'s session, put back afterwards. Yields whether replica mode is on."""
    saved = conn.execute(
        "SELECT name, setting FROM pg_settings WHERE name = ANY(%s)",
        (["synchronous_commit", "session_replication_role"],),
    ).fetchall()
    replica = False
    try:
        _execute(conn, "SET synchronous_commit = off")
        replica = _try(conn, "SET session_replication_role = replica")
        yield replica
    finally:
        if not conn.closed and conn.info.transaction_status == TransactionStatus.IDLE:
            for name, setting in saved:
                if name != "session_replication_role" or replica:  # only what we could change
                    conn.execute("SELECT set_config(%s, %s, false)", (name, setting))


def _holds_no_rows(conn: psycopg.Connection[Any], table: _Table) -> bool:
    # ONLY: an inheritance parent gets our rows itself. A partitioned table holds none itself.
    only = "" if table.relkind == "p" else "ONLY "
    row = conn.execute(
        cast("LiteralString", f"SELECT NOT EXISTS (SELECT FROM {only}{table.sql})")
    ).fetchone()
    return bool(row and row[0])


def _take_back(run: _Run, table: _Table, restores: Sequence[tuple[str, str]]) -> None:
    """Remove the rows we committed (the table held none before), then rebuild what was dropped."""
    conn = run.conn
    only = "" if table.relkind == "p" else "ONLY "
    # TRUNCATE refuses a table that other tables reference, even empty ones; DELETE does not.
    referenced = any(
        con.table_oid != table.oid for _, con, _ in run.catalog.incoming.get(table.oid, [])
    )
    verb = "DELETE FROM" if referenced else "TRUNCATE"
    with conn.transaction():
        _execute(conn, f"{verb} {only}{table.sql}")
    failed = _restore(conn, restores)
    if failed:
        what, _, reason = failed[0]
        raise BackendError(f"seeding {table.key}: cannot put {what} back: {reason}")


def _restore(
    conn: psycopg.Connection[Any], restores: Sequence[tuple[str, str]]
) -> list[tuple[str, str, str]]:
    """Run ``restores`` in one transaction, each in a savepoint; the failures (what, SQL, why)."""
    failed: list[tuple[str, str, str]] = []
    if not restores:
        return failed
    with conn.transaction():
        conn.execute(
            "SELECT set_config('maintenance_work_mem', '256MB', true) "
            "WHERE pg_size_bytes(current_setting('maintenance_work_mem')) < pg_size_bytes('256MB')"
        )
        for what, statement in restores:
            try:
                with conn.transaction():
                    _execute(conn, statement)
            except psycopg.Error as error:
                failed.append((what, statement, _one_line(error)))
    return failed


# Errors an INSERT of generated rows can meet that a different generator may avoid: violations,
# bad values, and (for types we know little about) expressions PostgreSQL rejects.
_GENERATOR_ERRORS = (
    pg_errors.IntegrityError,
    pg_errors.DataError,
    pg_errors.ProgrammingError,
    pg_errors.NotSupportedError,
)


def _attempt_with_fallbacks(
    conn: psycopg.Connection[Any],
    seeder: _TableSeeder,
    insert: _Insert,
    first: int,
    last: int,
    *,
    keep: bool,
) -> None:
    """Run one chunk (``keep``) or probe (rolled back), replacing generators that violate."""
    tried: set[tuple[str, str]] = set()
    for _ in range(_FALLBACK_ATTEMPTS):
        statement = insert.statement(first, last)
        try:
            with conn.transaction() as savepoint:
                _execute(conn, statement)
                if not keep:
                    raise psycopg.Rollback(savepoint)
            return
        except _GENERATOR_ERRORS as error:
            if not _fall_back(conn, seeder, insert, error, first=first, tried=tried):
                seeder.warn(f"not seeded: {_one_line(error)}")
                raise _SkipTable from None
    seeder.warn(f"not seeded: rows kept violating constraints after {_FALLBACK_ATTEMPTS} fixes")
    raise _SkipTable


def _fall_back(
    conn: psycopg.Connection[Any],
    seeder: _TableSeeder,
    insert: _Insert,
    error: psycopg.Error,
    *,
    first: int,
    tried: set[tuple[str, str]],
) -> bool:
    """Replace one column's generator after ``error``; False when nothing is left to try."""
    table = seeder.table
    diag = error.diag
    constraint = diag.constraint_name
    if isinstance(error, pg_errors.NotNullViolation) and diag.column_name in insert.slots:
        suspects = [diag.column_name]
        reason = f"NOT NULL on {diag.column_name}"
    elif isinstance(error, pg_errors.CheckViolation) and constraint:
        con = next((c for c in table.constraints if c.name == constraint), None)
        if con is not None:
            suspects = [c for c in con.columns if c in insert.slots]
        else:  # a domain's CHECK: every column of that domain
            datatype = diag.datatype_name or ""
            suspects = [
                s.column.name
                for s in insert.slots.values()
                if datatype and datatype in s.column.type.sql
            ] or list(insert.slots)
        reason = f"CHECK {constraint}"
    else:
        suspects = list(insert.slots)
        reason = _one_line(error)
    # Prefer columns whose replacement is harmless: nullable ones, then defaulted ones.
    suspects.sort(key=lambda name: (insert.slots[name].column.not_null, name))
    for name in suspects:
        slot = insert.slots[name]
        for option in _fallback_options(slot):
            if (name, option) in tried or slot.fallback == option:
                continue
            tried.add((name, option))
            replaced = _replace(slot, option)
            probe = _Insert(
                insert.table,
                {**insert.slots, name: replaced},
                insert.joins,
                insert.self_sequence,
                insert.overriding,
                insert.keys,
            )
            if _same_error(_probe_error(conn, probe, first), error):
                continue  # did not help (a different error means it did: handled next)
            insert.slots[name] = replaced
            insert.keys.pop(name, None)
            shown = {"NULL": "left NULL", "default": "filled by its default"}.get(
                option, f"set to {option}"
            )
            seeder.warn(
                f"{reason} could not be satisfied by generated values; column {name} {shown}"
            )
            return True
    return False


def _fallback_options(slot: _Slot) -> list[str]:
    if slot.sequence is not None:
        return []  # valid numbers; replacing some of them would collide with the others
    column = slot.column
    options: list[str] = []
    if not column.not_null and not column.type.domain_not_null:
        options.append("NULL")
    if column.default is not None:
        options.append("default")
    scalar = column.type.scalar
    if column.type.array_dims:
        options.append("'{}'")
    elif scalar in _INTEGER_TYPES or scalar in ("numeric", "float4", "float8", "money"):
        options += ["1", "0", "100", "-1", "1000000"]
    elif scalar == "bool":
        options += ["true", "false"]
    elif scalar in _STRING_TYPES or column.type.category == "S":
        options += ["'a'", "'A'", "'x1'", "'0'"]
    elif scalar in _TEMPORAL_TYPES:
        options += ["now()", "'2000-01-01'", "'infinity'"]
    elif column.type.labels:
        options += [_literal(label) for label in column.type.labels]
    return options


def _replace(slot: _Slot, option: str) -> _Slot:
    target = slot.column.type.sql
    if option == "NULL":
        return _Slot(slot.column, lambda g: f"NULL::{target}", fallback="NULL")
    if option == "default":
        return _Slot(slot.column, lambda g: "DEFAULT", fallback="default")
    return _Slot(slot.column, lambda g: f"({option})::{target}", raw=None, fallback=option)


def _probe_error(
    conn: psycopg.Connection[Any], insert: _Insert, first: int
) -> psycopg.Error | None:
    """The error a probe of ``insert`` meets (rolled back either way), or None."""
    statement = insert.statement(first, first + PROBE_ROWS - 1)
    states = _sequence_states(conn, insert.table)
    try:
        with conn.transaction() as savepoint:
            _execute(conn, statement)
            raise psycopg.Rollback(savepoint)
    except _GENERATOR_ERRORS as error:
        return error
    finally:
        for sequence, last_value, is_called in states:
            conn.execute("SELECT setval(%s::regclass, %s, %s)", (sequence, last_value, is_called))
    return None


def _same_error(new: psycopg.Error | None, old: psycopg.Error) -> bool:
    if new is None:
        return False
    if new.sqlstate != old.sqlstate:
        return False
    if new.diag.constraint_name or old.diag.constraint_name:
        return new.diag.constraint_name == old.diag.constraint_name
    if new.diag.column_name or old.diag.column_name:
        return new.diag.column_name == old.diag.column_name
    return _one_line(new) == _one_line(old)


def _execute(conn: psycopg.Connection[Any], statement: str) -> None:
    # Statements are assembled from catalog names (quoted by _ident) and our own literals
    # (quoted by _literal); no user input reaches them unquoted.
    conn.execute(cast("LiteralString", statement))


def _one_line(error: BaseException) -> str:
    text = str(error).strip().splitlines()
    return text[0] if text else type(error).__name__


# ---------------------------------------------------------------------------------------------
# Production statistics (--rows-from)
# ---------------------------------------------------------------------------------------------


def read_production_stats(conninfo: str) -> tuple[dict[str, int], dict[str, dict[str, float]]]:
    """Row estimates and NULL shares of a (production) database, read without writing anything.

    Returns ``(rows, null_fractions)``: ``pg_class.reltuples`` per table (``"schema.table"``;
    partitions are added to their partitioned table; never-analysed tables are left out), and
    ``pg_stats.null_frac`` per table and column where the role may read them. Runs in a READ
    ONLY transaction with ``default_transaction_read_only`` and a 10 s ``statement_timeout``.
    Raises :class:`BackendError` (one line, password masked) when the database cannot be read.
    """
    from migcheck.rehearse.backends import mask_url

    # A SQLAlchemy URL (postgresql+psycopg://...) names a driver libpq does not know.
    libpq_conninfo = re.sub(r"^(postgres(?:ql)?)\+[A-Za-z0-9_]+://", r"\1://", conninfo)
    password = _password_of(libpq_conninfo)

    def scrub(text: str) -> str:
        return text.replace(password, "***") if password else text

    try:
        params = {
            key: str(value)
            for key, value in conninfo_to_dict(libpq_conninfo).items()
            if value is not None
        }
    except psycopg.Error as error:
        raise BackendError(
            f"--rows-from {mask_url(conninfo)}: invalid connection string: "
            f"{scrub(_one_line(error))}"
        ) from None
    params["application_name"] = "migcheck-rows-from"
    params.setdefault("connect_timeout", "10")
    try:
        with psycopg.connect(make_conninfo("", **params)) as conn:
            # Belt and braces, and no startup options (connection poolers refuse them): a read
            # only transaction (BEGIN READ ONLY), read only by default for the session too.
            conn.read_only = True
            conn.execute("SET TRANSACTION READ ONLY")
            conn.execute("SET default_transaction_read_only = on")
            conn.execute(cast("LiteralString", f"SET statement_timeout = {STATS_TIMEOUT_MS}"))
            rows = _production_rows(conn)
            fractions = _production_null_fractions(conn)
            conn.rollback()  # nothing to commit: the transaction only read
    except psycopg.Error as error:
        raise BackendError(
            f"cannot read statistics from {mask_url(conninfo)}: {scrub(_one_line(error))}"
        ) from None
    return rows, fractions


def _password_of(conninfo: str) -> str:
    try:
        return str(conninfo_to_dict(conninfo).get("password") or "")
    except psycopg.Error:
        match = re.search(r"://[^:/@]*:([^@]*)@", conninfo)
        return match.group(1) if match else ""


_USER_SCHEMAS = """
    n.nspname NOT IN ('pg_catalog', 'information_schema')
    AND n.nspname NOT LIKE 'pg\\_toast%' AND n.nspname NOT LIKE 'pg\\_temp\\_%'
"""


def _production_rows(conn: psycopg.Connection[Any]) -> dict[str, int]:
    estimates: dict[str, int] = {}
    query = f"""
        SELECT rn.nspname || '.' || r.relname, c.reltuples, c.relkind::text
        FROM pg_class c
        JOIN pg_namespace n ON n.oid = c.relnamespace
        JOIN pg_class r ON r.oid = CASE WHEN c.relispartition THEN pg_partition_root(c.oid)
                                        ELSE c.oid END
        JOIN pg_namespace rn ON rn.oid = r.relnamespace
        WHERE c.relkind IN ('r', 'p') AND {_USER_SCHEMAS}
        ORDER BY 1
    """
    for key, reltuples, relkind in conn.execute(cast("LiteralString", query)).fetchall():
        # A partitioned table holds no rows itself: its partitions' estimates add up under it.
        if relkind == "p" or reltuples is None or reltuples < 0:
            continue  # reltuples = -1: never vacuumed or analysed, no estimate
        estimates[key] = estimates.get(key, 0) + round(float(reltuples))
    return estimates


def _production_null_fractions(conn: psycopg.Connection[Any]) -> dict[str, dict[str, float]]:
    fractions: dict[str, dict[str, float]] = {}
    # pg_stats only shows columns the role may read; a plain table's own row (inherited = false)
    # wins over the inheritance tree's.
    query = """
        SELECT schemaname || '.' || tablename, attname, null_frac
        FROM pg_stats
        WHERE schemaname NOT IN ('pg_catalog', 'information_schema')
        ORDER BY schemaname, tablename, attname, inherited DESC
    """
    for key, column, null_frac in conn.execute(query).fetchall():
        if null_frac is not None:
            fractions.setdefault(key, {})[column] = float(null_frac)
    return fractions
