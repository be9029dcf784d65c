"""Parent keys for foreign keys: where a child's foreign-key values come from (the key book).

Foreign-key values are drawn from the parents' keys, so no child row is an orphan: recomputed
from the generators for rows we seeded, a dense integer range, an array literal for a few keys,
or a numbered temp table for many.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, LiteralString, cast

import psycopg

from migcheck.rehearse.seed.catalog import _Catalog, _Table
from migcheck.rehearse.seed.sql import _ident, _literal
from migcheck.rehearse.seed.values import _INTEGER_TYPES, Expr, _plus

ARRAY_KEYS_LIMIT = 1_000
"""Parents with at most this many keys are inlined as an array literal, else a temp table."""


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
            return _KeySource(seeded.rows, lambda i: [expr(_plus(i, base + 1)) for expr in exprs])
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
                    return _KeySource(count, lambda i: [_plus(i, low)])
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
