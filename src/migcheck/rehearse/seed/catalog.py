"""The schema of the tables to seed, read from pg_catalog.

Types (domains and arrays peeled off, with enum labels and domain CHECKs), NOT NULL, defaults,
identity, generated columns, PRIMARY KEY / UNIQUE, CHECK, EXCLUDE and FOREIGN KEY constraints,
and indexes, for the planned tables and the parents their foreign keys reference, plus the
foreign keys that reference them. Everything downstream works from this model only.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

import psycopg

from migcheck.rehearse.seed.sql import _ident


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
    # Column sets a revision under test will make unique (see migcheck.rehearse.lookahead):
    # seeded distinct as if they were, without an index (nothing to drop or rebuild).
    planned_unique: list[tuple[str, ...]] = field(default_factory=list)
    # CHECK expressions the rows are to meet as if they held (in pg_get_constraintdef's form):
    # a column a revision under test converts to an enum takes that enum's labels.
    planned_checks: list[str] = field(default_factory=list)

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
        sets.extend((columns, False) for columns in self.planned_unique)
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
