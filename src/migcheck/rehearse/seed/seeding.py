"""Seeding the planned tables: :func:`seed`, one table after another, and what it reports.

Each table is filled on several connections when it can be (:mod:`~.parallel`), else on the main
one (:mod:`~.fill`); with its indexes deferred first, and again with them in place when deferring
does not work out. A table that cannot be seeded gets 0 rows and a warning.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import psycopg

from migcheck.errors import ConfigError
from migcheck.rehearse.seed.analyze import _BackgroundAnalyze
from migcheck.rehearse.seed.catalog import _Catalog, _Constraint, _read_catalog, _Table
from migcheck.rehearse.seed.fill import _run_table
from migcheck.rehearse.seed.insert import _TableSeeder
from migcheck.rehearse.seed.keys import _KeyBook
from migcheck.rehearse.seed.parallel import _run_table_in_parallel
from migcheck.rehearse.seed.plan import PlannedForeignKey, TablePlan, regclass_text
from migcheck.rehearse.seed.run import ProgressCallback, _RetryWithIndexes, _Run, _SkipTable
from migcheck.rehearse.seed.sql import _execute, _own_transactions
from migcheck.rehearse.seed.workers import Connect, _WorkerPool, seed_workers


@dataclass
class SeedResult:
    """What :func:`seed` did."""

    tables: dict[str, int]
    """Rows inserted per table (qualified name), in seeding order."""
    seconds: float
    warnings: list[str] = field(default_factory=list)
    """One line each: constraints that could not be satisfied, tables left unseeded, ..."""
    planned_unique: list[tuple[str, tuple[str, ...]]] = field(default_factory=list)
    """(table, columns) of ``planned_unique`` sets that made a seeded table's values distinct
    where nothing in its schema asked for it yet."""
    planned_checks: list[tuple[str, str]] = field(default_factory=list)
    """(table, column) of the ``planned_checks`` that a seeded table's rows were made to meet."""
    planned_not_null: list[tuple[str, str]] = field(default_factory=list)
    """(table, column) of the ``planned_not_null`` columns seeded without NULLs."""

    @property
    def total_rows(self) -> int:
        return sum(self.tables.values())


def seed(
    conn: psycopg.Connection[Any],
    plans: Sequence[TablePlan],
    *,
    on_progress: ProgressCallback | None = None,
    null_fractions: Mapping[str, Mapping[str, float]] = {},
    defer_indexes: bool = True,
    connect: Connect | None = None,
    workers: int | None = None,
    scratch_dir: str | None = None,
    planned_foreign_keys: Sequence[PlannedForeignKey] = (),
    planned_unique: Mapping[str, Sequence[tuple[str, ...]]] = {},
    planned_checks: Mapping[str, Sequence[tuple[str, str]]] = {},
    planned_not_null: Mapping[str, Sequence[str]] = {},
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
    several committed steps instead of one transaction (see :mod:`~.parallel`), the
    indexes are rebuilt with as many processes (``max_parallel_maintenance_workers`` at most
    ``workers - 1``, the leader building too): one per core of this machine, where the
    throwaway servers run; and such a table's ANALYZE runs on a connection of its own while the
    next table is filled (:mod:`~.analyze`; all are done when this returns).

    ``scratch_dir`` is a directory on the database server's own filesystem that the server may
    write files to (the throwaway backends' :attr:`~migcheck.rehearse.backends.Database.scratch_dir`):
    rows then travel through files there and are stored by ``COPY``, faster than ``INSERT``
    for tables of plain columns (see :mod:`~.relay`). Without it, where that fails, and for
    tables with json, array or range columns, rows are INSERTed.

    ``planned_foreign_keys`` are foreign keys that do not exist yet: their columns get the
    parents' keys too (when the parent has rows, seeded now or before), so that a revision
    that adds and validates one meets rows that satisfy it, as production's would.
    ``planned_unique`` maps a table (bare or qualified name) to column sets that a unique
    index or constraint will cover: their values are made distinct as if it existed already.
    ``planned_checks`` maps a table to (column, CHECK expression) pairs its rows are to meet
    as if the CHECK held, for text columns: a column to be converted to an enum takes its
    labels (see :mod:`migcheck.rehearse.lookahead`). ``planned_not_null`` maps a table to
    nullable columns that are to get no NULLs, unless ``null_fractions`` says otherwise.
    """
    if workers is not None and workers < 1:
        raise ConfigError(f"seed workers must be at least 1 (got {workers})")
    started = time.perf_counter()
    result = SeedResult(tables={}, seconds=0.0)
    if not plans:
        return result
    with _own_transactions(conn) as owned:
        pool, build_workers, analyzer = None, None, None
        if connect is not None and owned:
            count = seed_workers() if workers is None else workers
            if count > 1:
                pool = _WorkerPool(connect, count - 1)
                analyzer = _BackgroundAnalyze(connect)
            # As many processes build an index as fill a table: one per core.
            build_workers = count - 1
        try:
            _seed_all(
                conn,
                plans,
                result,
                on_progress=on_progress,
                null_fractions=null_fractions,
                defer_indexes=defer_indexes,
                pool=pool,
                scratch_dir=scratch_dir,
                planned_foreign_keys=planned_foreign_keys,
                planned_unique=planned_unique,
                planned_checks=planned_checks,
                planned_not_null=planned_not_null,
                index_build_workers=build_workers,
                analyzer=analyzer,
            )
            if analyzer is not None:
                failures, left = analyzer.finish()
                result.warnings.extend(failures)
                for _key, table_sql in left:  # its connection was lost: here instead
                    _execute(conn, f"ANALYZE {table_sql}")
            if pool is not None and pool.failure is not None:
                result.warnings.append(
                    f"tables filled on fewer connections: cannot open more: {pool.failure}"
                )
        finally:
            if analyzer is not None:
                analyzer.close()
            if pool is not None:
                pool.close()
    result.seconds = time.perf_counter() - started
    return result


def _seed_all(
    conn: psycopg.Connection[Any],
    plans: Sequence[TablePlan],
    result: SeedResult,
    *,
    on_progress: ProgressCallback | None,
    null_fractions: Mapping[str, Mapping[str, float]],
    defer_indexes: bool,
    pool: _WorkerPool | None,
    scratch_dir: str | None,
    planned_foreign_keys: Sequence[PlannedForeignKey] = (),
    planned_unique: Mapping[str, Sequence[tuple[str, ...]]] = {},
    planned_checks: Mapping[str, Sequence[tuple[str, str]]] = {},
    planned_not_null: Mapping[str, Sequence[str]] = {},
    index_build_workers: int | None = None,
    analyzer: _BackgroundAnalyze | None = None,
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
    planned = _resolve_planned(conn, planned_foreign_keys)
    parents = [parent for _, _, parent in planned if parent is not None]
    catalog = _read_catalog(conn, [*oid_of.values(), *parents])
    run = _Run(
        conn=conn,
        catalog=catalog,
        keybook=_KeyBook(conn, catalog),
        warnings=result.warnings,
        today=dt.date.today(),
        on_progress=on_progress,
        defer_indexes=defer_indexes,
        pool=pool,
        scratch_dir=scratch_dir,
        planned_foreign_keys=_planned_constraints(catalog, planned),
        index_build_workers=index_build_workers,
        analyzer=analyzer,
    )
    planned = [plan for plan in plans if plan.rows > 0]
    try:
        for position, plan in enumerate(planned):
            run.more_tables = position + 1 < len(planned)
            table = catalog.tables[oid_of[plan.table]]
            later = {oid_of[p.table] for p in planned[position + 1 :]} - {table.oid}
            fractions = _fractions_for(table, null_fractions)
            for column in _new_not_null(table, planned_not_null, fractions):
                fractions[column] = 0.0
                result.planned_not_null.append((table.key, column))
            for columns in _new_unique_sets(table, planned_unique):
                table.planned_unique.append(columns)
                result.planned_unique.append((table.key, columns))
            for column, check in _text_column_checks(table, planned_checks):
                table.planned_checks.append(check)
                result.planned_checks.append((table.key, column))
            result.tables[plan.table] = _seed_table(run, table, plan.rows, later, fractions)
    finally:
        run.keybook.close()


def _resolve_planned(
    conn: psycopg.Connection[Any], planned: Sequence[PlannedForeignKey]
) -> list[tuple[PlannedForeignKey, int | None, int | None]]:
    """Each planned foreign key with the oids of its table and of the table it references
    (None: no such table). The parents are read into the catalog even when an earlier seed
    filled them: their keys are drawn from their rows."""
    resolved: list[tuple[PlannedForeignKey, int | None, int | None]] = []
    for fk in planned:
        row = conn.execute(
            "SELECT to_regclass(%s)::oid::int, to_regclass(%s)::oid::int",
            (regclass_text(fk.table), regclass_text(fk.ref_table)),
        ).fetchone()
        resolved.append((fk, row[0] if row else None, row[1] if row else None))
    return resolved


def _planned_constraints(
    catalog: _Catalog, planned: Sequence[tuple[PlannedForeignKey, int | None, int | None]]
) -> dict[int, list[_Constraint]]:
    """The planned foreign keys whose tables and columns are all here, as constraints (oid 0,
    never dropped or restored: only their values are drawn from the parent's keys)."""
    found: dict[int, list[_Constraint]] = {}
    for fk, child_oid, parent_oid in planned:
        child = catalog.tables.get(child_oid) if child_oid else None
        parent = catalog.tables.get(parent_oid) if parent_oid else None
        if child is None or parent is None or child.oid == parent.oid:
            continue
        ref_columns = fk.ref_columns or next(
            (con.columns for con in parent.constraints if con.kind == "p"), ()
        )
        names = {c.name for c in child.columns}
        parent_names = {c.name for c in parent.columns}
        if (
            not ref_columns
            or len(ref_columns) != len(fk.columns)
            or not set(fk.columns) <= names
            or not set(ref_columns) <= parent_names
            or any(set(con.columns) & set(fk.columns) for con in child.foreign_keys())
        ):
            continue
        found.setdefault(child.oid, []).append(
            _Constraint(
                oid=0,
                name=f"planned {child.name}({', '.join(fk.columns)}) -> {parent.name}",
                kind="f",
                table_oid=child.oid,
                columns=tuple(fk.columns),
                ref_table_oid=parent.oid,
                ref_columns=tuple(ref_columns),
                definition="",
                expression=None,
                comment=None,
                inherited=False,
                index_oid=0,
            )
        )
    return found


def _new_unique_sets(
    table: _Table, planned_unique: Mapping[str, Sequence[tuple[str, ...]]]
) -> list[tuple[str, ...]]:
    """The planned unique sets of ``table`` whose columns it has and that no unique set it has
    (or a smaller one within them) makes distinct already."""
    names = {column.name for column in table.columns}
    found: list[tuple[str, ...]] = []
    for columns in [*planned_unique.get(table.name, ()), *planned_unique.get(table.key, ())]:
        if not columns or not set(columns) <= names or columns in found:
            continue
        if any(set(existing) <= set(columns) for existing, _ in table.unique_sets()):
            continue
        found.append(tuple(columns))
    return found


def _new_not_null(
    table: _Table, planned_not_null: Mapping[str, Sequence[str]], fractions: Mapping[str, float]
) -> list[str]:
    """The planned NOT NULL columns of ``table`` that it has, nullable, with no share of NULLs
    given for them (production's, from ``--rows-from``, wins)."""
    nullable = {column.name for column in table.columns if not column.not_null}
    planned = [*planned_not_null.get(table.name, ()), *planned_not_null.get(table.key, ())]
    return sorted({c for c in planned if c in nullable and c not in fractions})


def _text_column_checks(
    table: _Table, planned_checks: Mapping[str, Sequence[tuple[str, str]]]
) -> list[tuple[str, str]]:
    """The planned (column, CHECK) pairs of ``table`` whose column it has, of a string type."""
    strings = {
        column.name
        for column in table.columns
        if not column.type.array_dims and column.type.category == "S"
    }
    pairs = [*planned_checks.get(table.name, ()), *planned_checks.get(table.key, ())]
    return [(column, check) for column, check in pairs if column in strings]


def _fractions_for(
    table: _Table, null_fractions: Mapping[str, Mapping[str, float]]
) -> dict[str, float]:
    merged: dict[str, float] = {}
    merged.update(null_fractions.get(table.name, {}))
    merged.update(null_fractions.get(table.key, {}))
    return merged


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
