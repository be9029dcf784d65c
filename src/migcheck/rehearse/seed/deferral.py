"""Deferring a table's indexes and keys while it is filled, and bringing them back.

Per table, the table's indexes and PK/UNIQUE/EXCLUDE constraints are dropped, the rows inserted,
and everything recreated with the same names and definitions (then ANALYZE): one bulk build per
index is several times cheaper than maintaining it row by row. Foreign-key values are drawn from
the parents' keys, so as a superuser we skip the per-row RI triggers
(``session_replication_role = replica``) and keep the foreign keys, and the keys they reference,
in place (unless every table referencing it is still empty: then those foreign keys are dropped
and added back too, checked in no time, and the keys rebuilt in bulk). Without that privilege
the foreign keys touching the table are dropped too and validated when recreated (one query
each, still far cheaper than a trigger per row). If anything stops this (partitioned table, a
view that depends on the primary key, a missing privilege), the table is seeded with its indexes
in place instead.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, LiteralString, cast

import psycopg

from migcheck.rehearse.seed.catalog import _Catalog, _Constraint, _Table
from migcheck.rehearse.seed.run import _RetryWithIndexes
from migcheck.rehearse.seed.sql import _execute, _ident, _literal, _one_line


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


def _drop_for_load(
    conn: psycopg.Connection[Any], catalog: _Catalog, table: _Table, *, replica: bool
) -> _Deferral | None:
    """Drop what the load would otherwise maintain row by row (committed with the caller's
    transaction or savepoint); the deferral says how to put it back."""
    deferral = _deferral(
        catalog,
        table,
        keep_foreign_keys=replica,
        empty_children=_children_without_rows(conn, catalog, table),
    )
    if deferral is None:
        return None
    try:
        with conn.transaction():
            for statement in deferral.drops:
                _execute(conn, statement)
    except psycopg.Error as error:
        # A view relying on the primary key, a missing privilege...: keep the indexes.
        raise _RetryWithIndexes(_one_line(error)) from None
    return deferral


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


def _restore(
    conn: psycopg.Connection[Any],
    restores: Sequence[tuple[str, str]],
    *,
    build_workers: int | None = None,
) -> list[tuple[str, str, str]]:
    """Run ``restores`` in one transaction, each in a savepoint; the failures (what, SQL, why).

    ``build_workers``: at most this many parallel workers per index build (see
    :func:`_tune_index_builds`); None leaves the server's setting.
    """
    failed: list[tuple[str, str, str]] = []
    if not restores:
        return failed
    with conn.transaction():
        _tune_index_builds(conn, build_workers)
        for what, statement in restores:
            try:
                with conn.transaction():
                    _execute(conn, statement)
            except psycopg.Error as error:
                failed.append((what, statement, _one_line(error)))
    return failed


def _tune_index_builds(conn: psycopg.Connection[Any], build_workers: int | None) -> None:
    """For the rest of the transaction: memory enough to sort an index in one go, and at most
    ``build_workers`` parallel workers per build.

    The leader builds too, so on a server with as many cores as connections fill a table the
    best is one process per core: PostgreSQL's default (2 workers) puts three on two cores,
    which measured 142 ms against 130 ms for one worker on a 1M-row primary key.
    """
    conn.execute(
        "SELECT set_config('maintenance_work_mem', '256MB', true) "
        "WHERE pg_size_bytes(current_setting('maintenance_work_mem')) < pg_size_bytes('256MB')"
    )
    if build_workers is not None:
        conn.execute(
            "SELECT set_config('max_parallel_maintenance_workers', %s, true) "
            "WHERE current_setting('max_parallel_maintenance_workers')::int > %s",
            (str(build_workers), build_workers),
        )
