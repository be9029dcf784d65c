"""Read one table's exact definition from a live database (the catalog, not the migrations).

``migcheck rename`` replays the project's migrations into a throwaway server and reads the
table here, so types, defaults, NOT NULL, CHECK, UNIQUE, indexes, foreign keys in both
directions and owned sequences are exactly what PostgreSQL has, whatever the revisions did.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from migcheck.errors import MigcheckError


@dataclass(frozen=True, slots=True)
class ColumnInfo:
    name: str
    type: str  # format_type(): "character varying(120)", "bigint"
    not_null: bool
    default: str | None  # pg_get_expr of the default, e.g. "nextval('orders_id_seq'::regclass)"
    identity: str  # "" | "a" (ALWAYS) | "d" (BY DEFAULT)
    generated: str  # "" | "s" (stored)
    owned_sequence: str | None  # a sequence OWNED BY this column (serial)
    collation: str | None = None  # 'COLLATE "C"' when not the type's default collation
    comment: str | None = None  # COMMENT ON COLUMN


@dataclass(frozen=True, slots=True)
class IndexInfo:
    name: str
    definition: str  # pg_get_indexdef
    columns: tuple[str, ...]  # key columns ("" for expressions)
    unique: bool
    primary: bool
    constraint: str | None  # the UNIQUE / PRIMARY KEY constraint backed by it
    uses_column: bool


@dataclass(frozen=True, slots=True)
class ConstraintInfo:
    name: str
    kind: str  # "c" check, "f" foreign key, "u" unique, "p" primary key, "x" exclusion
    table: str  # the constrained table
    definition: str  # pg_get_constraintdef
    columns: tuple[str, ...]
    referenced_table: str | None = None
    referenced_columns: tuple[str, ...] = ()
    # Foreign keys of other tables: an index of the referencing table leads with its columns.
    indexed: bool = True


@dataclass(slots=True)
class TableInfo:
    schema: str
    name: str
    columns: dict[str, ColumnInfo] = field(default_factory=dict)
    indexes: list[IndexInfo] = field(default_factory=list)
    constraints: list[ConstraintInfo] = field(default_factory=list)  # on this table
    referencing: list[ConstraintInfo] = field(default_factory=list)  # FKs of other tables to it
    primary_key: tuple[str, ...] = ()
    partitioned: bool = False
    row_security: bool = False  # ENABLE ROW LEVEL SECURITY (as the revisions leave it)
    triggers: list[str] = field(default_factory=list)
    # view -> the columns of this table it uses (a view on OLD blocks dropping OLD)
    dependent_views: dict[str, tuple[str, ...]] = field(default_factory=dict)
    # column -> other objects that would block dropping it (policies, triggers with UPDATE OF,
    # ...), as pg_describe_object() names them; views and generated columns are above
    blockers: dict[str, tuple[str, ...]] = field(default_factory=dict)
    # every relation name in the table's schema: new index names must not collide
    relation_names: set[str] = field(default_factory=set)

    @property
    def qualified(self) -> str:
        return self.name if self.schema == "public" else f"{self.schema}.{self.name}"


def read_table(conn: Any, table: str) -> TableInfo:
    """``conn``: a psycopg connection. ``table``: ``name`` or ``schema.name``."""
    row = conn.execute(
        """
        SELECT c.oid, n.nspname, c.relname, c.relkind, c.relrowsecurity
          FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
         WHERE c.oid = to_regclass(%s)
        """,
        (table,),
    ).fetchone()
    if row is None:
        raise MigcheckError(
            f"table {table!r} does not exist at the head revision (if a revision renames it "
            "already, remove that op.rename_table() and run this again)"
        )
    oid, schema, name, kind, row_security = row
    if kind not in ("r", "p"):
        raise MigcheckError(f"{table!r} is not a table (relkind {kind})")
    info = TableInfo(
        schema=schema, name=name, partitioned=kind == "p", row_security=bool(row_security)
    )
    rows = conn.execute(
        """
        SELECT a.attname, format_type(a.atttypid, a.atttypmod), a.attnotnull,
               pg_get_expr(d.adbin, d.adrelid), a.attidentity, a.attgenerated,
               pg_get_serial_sequence(quote_ident(n.nspname) || '.' || quote_ident(c.relname),
                                      a.attname),
               CASE WHEN a.attcollation <> t.typcollation
                    THEN 'COLLATE ' || a.attcollation::regcollation::text END,
               col_description(a.attrelid, a.attnum)
          FROM pg_attribute a
          JOIN pg_class c ON c.oid = a.attrelid
          JOIN pg_namespace n ON n.oid = c.relnamespace
          JOIN pg_type t ON t.oid = a.atttypid
          LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
         WHERE a.attrelid = %s AND a.attnum > 0 AND NOT a.attisdropped
         ORDER BY a.attnum
        """,
        (oid,),
    ).fetchall()
    for (
        col_name,
        col_type,
        not_null,
        default,
        identity,
        generated,
        sequence,
        collation,
        comment,
    ) in rows:
        info.columns[col_name] = ColumnInfo(
            name=col_name,
            type=col_type,
            not_null=not_null,
            default=default,
            identity=identity or "",
            generated=generated or "",
            owned_sequence=sequence,
            collation=collation,
            comment=comment,
        )
    attnames = _attnames(conn, oid)
    for con_name, con_kind, definition, keys, ref_oid, ref_keys in conn.execute(
        """
        SELECT conname, contype, pg_get_constraintdef(oid), conkey, confrelid, confkey
          FROM pg_constraint WHERE conrelid = %s ORDER BY conname
        """,
        (oid,),
    ).fetchall():
        referenced = None
        ref_columns: tuple[str, ...] = ()
        if con_kind == "f":
            referenced = _relname(conn, ref_oid)
            ref_columns = tuple(_attnames(conn, ref_oid)[k] for k in ref_keys or [])
        constraint = ConstraintInfo(
            name=con_name,
            kind=con_kind,
            table=info.qualified,
            definition=definition,
            columns=tuple(attnames[k] for k in keys or [] if k in attnames),
            referenced_table=referenced,
            referenced_columns=ref_columns,
        )
        info.constraints.append(constraint)
        if con_kind == "p":
            info.primary_key = constraint.columns
    for con_name, definition, keys, child_oid, ref_keys in conn.execute(
        """
        SELECT conname, pg_get_constraintdef(oid), conkey, conrelid, confkey
          FROM pg_constraint WHERE confrelid = %s AND contype = 'f' ORDER BY conname
        """,
        (oid,),
    ).fetchall():
        child_names = _attnames(conn, child_oid)
        leading = [
            set(index_keys[: len(keys or [])])
            for (index_keys,) in conn.execute(
                "SELECT indkey::int2[] FROM pg_index WHERE indrelid = %s AND indpred IS NULL",
                (child_oid,),
            ).fetchall()
        ]
        info.referencing.append(
            ConstraintInfo(
                name=con_name,
                kind="f",
                table=_relname(conn, child_oid),
                definition=definition,
                columns=tuple(child_names[k] for k in keys or []),
                referenced_table=info.qualified,
                referenced_columns=tuple(attnames[k] for k in ref_keys or []),
                indexed=set(keys or []) in leading,
            )
        )
    constraint_of_index = {
        index_oid: con_name
        for con_name, index_oid in conn.execute(
            "SELECT conname, conindid FROM pg_constraint WHERE conrelid = %s AND contype IN ('u', 'p')",
            (oid,),
        ).fetchall()
    }
    for index_oid, index_name, definition, keys, unique, primary in conn.execute(
        """
        SELECT i.indexrelid, ic.relname, pg_get_indexdef(i.indexrelid), i.indkey::int2[],
               i.indisunique, i.indisprimary
          FROM pg_index i JOIN pg_class ic ON ic.oid = i.indexrelid
         WHERE i.indrelid = %s ORDER BY ic.relname
        """,
        (oid,),
    ).fetchall():
        columns = tuple(attnames.get(k, "") for k in keys)
        info.indexes.append(
            IndexInfo(
                name=index_name,
                definition=definition,
                columns=columns,
                unique=unique,
                primary=primary,
                constraint=constraint_of_index.get(index_oid),
                uses_column=False,
            )
        )
    info.triggers = [
        r[0]
        for r in conn.execute(
            "SELECT tgname FROM pg_trigger WHERE tgrelid = %s AND NOT tgisinternal", (oid,)
        ).fetchall()
    ]
    for view, column_numbers in conn.execute(
        """
        SELECT v.oid::regclass::text, array_agg(DISTINCT d.refobjsubid)
          FROM pg_depend d
          JOIN pg_rewrite r ON r.oid = d.objid
          JOIN pg_class v ON v.oid = r.ev_class
         WHERE d.classid = 'pg_rewrite'::regclass AND d.refclassid = 'pg_class'::regclass
           AND d.refobjid = %s AND v.oid <> %s
         GROUP BY v.oid
        """,
        (oid, oid),
    ).fetchall():
        info.dependent_views[view] = tuple(
            attnames[k] for k in sorted(column_numbers) if k in attnames
        )
    for column_number, described in conn.execute(
        """
        SELECT d.refobjsubid, array_agg(DISTINCT pg_describe_object(d.classid, d.objid, d.objsubid))
          FROM pg_depend d
         WHERE d.refclassid = 'pg_class'::regclass AND d.refobjid = %s AND d.refobjsubid > 0
           AND d.deptype = 'n'
           AND d.classid NOT IN ('pg_rewrite'::regclass, 'pg_attrdef'::regclass,
                                 'pg_constraint'::regclass, 'pg_class'::regclass)
         GROUP BY d.refobjsubid
        """,
        (oid,),
    ).fetchall():
        if column_number in attnames:
            info.blockers[attnames[column_number]] = tuple(sorted(described))
    info.relation_names = {
        r[0]
        for r in conn.execute(
            "SELECT relname FROM pg_class WHERE relnamespace = "
            "(SELECT relnamespace FROM pg_class WHERE oid = %s)",
            (oid,),
        ).fetchall()
    }
    return info


def _attnames(conn: Any, oid: int) -> dict[int, str]:
    rows = conn.execute(
        "SELECT attnum, attname FROM pg_attribute"
        " WHERE attrelid = %s AND attnum > 0 AND NOT attisdropped",
        (oid,),
    ).fetchall()
    return dict(rows)


def _relname(conn: Any, oid: int) -> str:
    return str(conn.execute("SELECT %s::regclass::text", (oid,)).fetchone()[0])
