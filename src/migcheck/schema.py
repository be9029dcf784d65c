"""An in-memory model of the schema, folded from the statements of every revision in order.

It answers what SQL-only linters cannot: is this table new (created in this revision, so nothing
done to it is a hazard) or existing (possibly large)? What was the column's type before this
ALTER? Is there a validated ``CHECK (col IS NOT NULL)``? Does an index cover this foreign key?
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TypeVar

from migcheck.analysis.facts import (
    Action,
    AddColumn,
    AddConstraint,
    AlterColumnType,
    ColumnSpec,
    ConstraintKind,
    CreateEnum,
    CreateIndex,
    CreateTable,
    Dml,
    DropColumn,
    DropConstraint,
    DropIndex,
    DropNotNull,
    DropTable,
    RenameColumn,
    RenameIndex,
    RenameTable,
    SetDefault,
    SetNotNull,
    Truncate,
    ValidateConstraint,
)
from migcheck.analysis.names import bare

DEFAULT_SEARCH_PATH = ("public",)


@dataclass(slots=True)
class Column:
    name: str
    type: str
    nullable: bool = True
    default: str | None = None
    # False for a column known only from a later change (its NULLs are not known).
    nullable_known: bool = True
    # The unit (revision file) that added it, with no value, to a table that existed before:
    # NULL in every row there was, until an UPDATE sets it (see not-null-on-empty-column).
    added_empty_in: str | None = None


@dataclass(slots=True)
class Index:
    name: str
    table: str  # the key of its table in SchemaModel.tables (or the name given, if unknown)
    columns: tuple[str, ...] = ()
    unique: bool = False
    concurrently: bool = False
    partial: bool = False
    schema: str | None = None  # its table's; None: unknown

    @property
    def key(self) -> str:
        """Its key in SchemaModel.indexes: index names are unique per schema."""
        return _key(self.schema, self.name)


@dataclass(slots=True)
class Constraint:
    name: str
    table: str
    kind: ConstraintKind
    columns: tuple[str, ...] = ()
    references: str | None = None
    check: str | None = None
    validated: bool = True
    added_in_transaction: int | None = None
    added_in_unit: str | None = None


@dataclass(slots=True)
class Table:
    name: str
    columns: dict[str, Column] = field(default_factory=dict)
    constraints: dict[str, Constraint] = field(default_factory=dict)
    created_in_unit: str | None = None  # None: created before the linted history, or unknown
    # The schema it is in; None: unknown (an existing table named without one).
    schema: str | None = None


@dataclass
class SchemaModel:
    tables: dict[str, Table] = field(default_factory=dict)
    indexes: dict[str, Index] = field(default_factory=dict)
    # Types and domains made by the migrations (unqualified, as PostgreSQL folds them): a
    # domain called ``blob`` makes ``BLOB`` a valid type name.
    types: set[str] = field(default_factory=set)
    # The session's search path (SET search_path), where unqualified names are looked up and
    # created: the first schema gets new tables.
    search_path: tuple[str, ...] = DEFAULT_SEARCH_PATH

    # ------------------------------------------------------------------ lookups

    def table(self, name: str | None, path: tuple[str, ...] | None = None) -> Table | None:
        """The table ``name`` means, as PostgreSQL resolves it: a qualified name in its schema,
        an unqualified one in the first schema of the search path that has it (``SET
        search_path``, default ``public``); failing that, a table of unknown schema or the only
        table of that name (histories are not always explicit about schemas)."""
        if not name:
            return None
        schema, short = _split(name)
        named = [t for t in self.tables.values() if _split(t.name)[1] == short]
        return _resolve(named, schema, path or self.search_path)

    def is_new(self, name: str | None, unit: str) -> bool:
        """Created in ``unit`` (this revision or file): nothing done to it is a hazard."""
        table = self.table(name)
        return table is not None and table.created_in_unit == unit

    def index(self, name: str) -> Index | None:
        """The index ``name`` means, resolved as :meth:`table` resolves tables."""
        schema, short = _split(name)
        named = [ix for ix in self.indexes.values() if ix.name == short]
        return _resolve(named, schema, self.search_path)

    def column_type(self, table: str | None, column: str) -> str | None:
        found = self.table(table)
        if found is None or column not in found.columns:
            return None
        return found.columns[column].type

    def nullable(self, table: str | None, column: str) -> bool | None:
        """Whether the column accepts NULL, as the migrations left it (None: not known)."""
        found = self.table(table)
        known = found.columns.get(column) if found is not None else None
        return known.nullable if known is not None and known.nullable_known else None

    def has_validated_not_null_check(self, table: str | None, column: str) -> bool:
        found = self.table(table)
        if found is None:
            return False
        return any(
            c.kind is ConstraintKind.CHECK and c.validated and is_not_null_check(c.check, column)
            for c in found.constraints.values()
        )

    def indexed(
        self, table: str | None, columns: tuple[str, ...], path: tuple[str, ...] | None = None
    ) -> bool:
        """An index (or PK/UNIQUE constraint) whose leading columns are exactly ``columns``
        (``table`` resolved with the search path ``path``, default: the current one)."""
        if not columns:
            return True
        wanted = set(columns)
        found = self.table(table, path)
        candidates: list[tuple[str, ...]] = [
            ix.columns
            for ix in self.indexes.values()
            if table is not None and self._indexes(ix, table, found) and not ix.partial
        ]
        if found is not None:
            candidates.extend(
                c.columns
                for c in found.constraints.values()
                if c.kind in (ConstraintKind.PRIMARY_KEY, ConstraintKind.UNIQUE)
            )
        return any(set(cols[: len(columns)]) == wanted for cols in candidates)

    def _indexes(self, index: Index, name: str, table: Table | None) -> bool:
        """Whether ``index`` is on the table ``name`` (known as ``table``, if it is known)."""
        if table is not None:
            return self.tables.get(index.table) is table
        return _split(index.table) == _split(name)

    def constraint(self, table: str | None, name: str) -> Constraint | None:
        found = self.table(table)
        return found.constraints.get(name) if found is not None else None

    # ------------------------------------------------------------------ folding

    def apply(self, action: Action, *, unit: str, transaction: int) -> None:
        """Fold one action into the model."""
        match action:
            case CreateTable():
                self._create_table(action, unit, transaction)
            case DropTable():
                found = self.table(action.table)
                if found is not None:
                    self.tables.pop(found.name, None)
                    for key in [k for k, ix in self.indexes.items() if ix.table == found.name]:
                        del self.indexes[key]
            case RenameTable():
                found = self.table(action.table)
                if found is not None:
                    old = found.name
                    self.tables.pop(old, None)
                    schema, _ = _split(old)  # RENAME TO keeps the schema
                    found.name = f"{schema}.{bare(action.new_name)}" if schema else action.new_name
                    self.tables[found.name] = found
                    for ix in self.indexes.values():
                        if ix.table == old:
                            ix.table = found.name
            case AddColumn():
                found = self._ensure(action.table)
                self._add_column(found, action.column, unit, transaction)
                spec = action.column
                if found.created_in_unit != unit and not spec.not_null and not spec.fills_rows:
                    found.columns[spec.name].added_empty_in = unit
            case Truncate() | Dml(verb="delete", has_where=False):
                # No rows left: the rows added later are the application's.
                found = self.table(action.table)
                if found is not None:
                    for column in found.columns.values():
                        column.added_empty_in = None
            case Dml(verb="update"):
                # A backfill of any of its columns: directly, or through a trigger that copies
                # the column it sets to the new one (expand-contract, as `migcheck rename`
                # writes it: UPDATE t SET old = old).
                found = self.table(action.table)
                if found is not None:
                    for column in found.columns.values():
                        column.added_empty_in = None
            case DropColumn():
                found = self.table(action.table)
                if found is not None:
                    found.columns.pop(action.column, None)
                    # "Indexes and table constraints involving the column will be
                    # automatically dropped as well" (ALTER TABLE): a foreign key included.
                    for name in [
                        n for n, c in found.constraints.items() if action.column in c.columns
                    ]:
                        del found.constraints[name]
                    for key in [
                        k
                        for k, ix in self.indexes.items()
                        if ix.table == found.name and action.column in ix.columns
                    ]:
                        del self.indexes[key]
            case RenameColumn():
                found = self.table(action.table)
                if found is not None and action.column in found.columns:
                    column = found.columns.pop(action.column)
                    column.name = action.new_name
                    found.columns[action.new_name] = column
            case AlterColumnType():
                found = self._ensure(action.table)
                column = found.columns.setdefault(action.column, _unknown_column(action.column))
                column.type = action.new_type
                column.added_empty_in = None  # USING may compute a value
            case SetNotNull() | DropNotNull():
                found = self._ensure(action.table)
                column = found.columns.setdefault(action.column, _unknown_column(action.column))
                column.nullable = isinstance(action, DropNotNull)
                column.nullable_known = True
            case SetDefault():
                found = self._ensure(action.table)
                found.columns.setdefault(
                    action.column, _unknown_column(action.column)
                ).default = action.default
            case AddConstraint():
                self._add_constraint(self._ensure(action.table), action, unit, transaction)
            case ValidateConstraint():
                constraint = self.constraint(action.table, action.name)
                if constraint is not None:
                    constraint.validated = True
            case DropConstraint():
                found = self.table(action.table)
                if found is not None:
                    found.constraints.pop(action.name, None)
            case CreateIndex():
                name = action.name or _default_index_name(action.table or "", action.columns)
                known = self.table(action.table)
                index = Index(
                    name=bare(name),
                    table=known.name if known is not None else action.table or "",
                    columns=action.columns,
                    unique=action.unique,
                    concurrently=action.concurrently,
                    partial=action.partial,
                    # An index lives in its table's schema.
                    schema=known.schema if known is not None else _split(action.table or "")[0],
                )
                self.indexes[index.key] = index
            case DropIndex():
                found_index = self.index(action.name)
                if found_index is not None:
                    self.indexes.pop(found_index.key, None)
            case RenameIndex():
                found_index = self.index(action.name)
                if found_index is not None:
                    self.indexes.pop(found_index.key, None)
                    found_index.name = bare(action.new_name)
                    self.indexes[found_index.key] = found_index
            case CreateEnum():
                self.types.add(bare(action.type_name))
            case _:
                pass

    def forget_empty_columns(self) -> None:
        """Whether the columns added without a value were filled since is no longer known."""
        for table in self.tables.values():
            for column in table.columns.values():
                column.added_empty_in = None

    def define_type(self, name: str) -> None:
        """A CREATE TYPE or CREATE DOMAIN of any kind (``name`` folded as PostgreSQL does)."""
        self.types.add(bare(name))

    def _ensure(self, name: str | None) -> Table:
        """The table, or a placeholder for one the migrations never created (existing)."""
        found = self.table(name)
        if found is None:
            schema, _ = _split(name or "")
            found = Table(name=name or "", schema=schema)
            self.tables[found.name] = found
        return found

    def _create_table(self, action: CreateTable, unit: str, transaction: int) -> None:
        schema, short = _split(action.table or "")
        if schema is None:
            schema = self.search_path[0]
            # Named with its schema when that is not the default one: two tables of one name
            # in two schemas stay two.
            name = short if schema == "public" else f"{schema}.{short}"
        else:
            name = action.table or ""
        table = Table(name=name, created_in_unit=unit, schema=schema)
        self.tables[table.name] = table
        for column in action.columns:
            self._add_column(table, column, unit, transaction)
        for constraint in action.constraints:
            self._add_constraint(table, constraint, unit, transaction)

    def _add_column(self, table: Table, spec: ColumnSpec, unit: str, transaction: int) -> None:
        table.columns[spec.name] = Column(
            name=spec.name,
            type=_SERIAL_STORAGE.get(spec.type, spec.type),
            # A primary key, identity or serial column is NOT NULL without saying so.
            nullable=not (spec.not_null or spec.primary_key or spec.identity or spec.serial),
            default=spec.default,
        )
        implied: list[AddConstraint] = []
        if spec.primary_key:
            implied.append(
                AddConstraint(
                    table.name, f"{bare(table.name)}_pkey", ConstraintKind.PRIMARY_KEY, (spec.name,)
                )
            )
        if spec.unique:
            implied.append(
                AddConstraint(
                    table.name,
                    f"{bare(table.name)}_{spec.name}_key",
                    ConstraintKind.UNIQUE,
                    (spec.name,),
                )
            )
        if spec.references:
            implied.append(
                AddConstraint(
                    table.name,
                    f"{bare(table.name)}_{spec.name}_fkey",
                    ConstraintKind.FOREIGN_KEY,
                    (spec.name,),
                    references=spec.references,
                )
            )
        if spec.check:
            implied.append(
                AddConstraint(
                    table.name,
                    f"{bare(table.name)}_{spec.name}_check",
                    ConstraintKind.CHECK,
                    check=spec.check,
                )
            )
        for constraint in implied:
            self._add_constraint(table, constraint, unit, transaction)

    def _add_constraint(
        self, table: Table, action: AddConstraint, unit: str, transaction: int
    ) -> None:
        name = action.name or default_constraint_name(table.name, action)
        columns = action.columns
        if action.using_index:
            index = self.index(action.using_index)
            if index is not None:
                columns = index.columns
                self.indexes.pop(index.key, None)
        table.constraints[name] = Constraint(
            name=name,
            table=table.name,
            kind=action.kind,
            columns=columns,
            references=action.references,
            check=action.check,
            validated=not action.not_valid,
            added_in_transaction=transaction,
            added_in_unit=unit,
        )
        if action.kind is ConstraintKind.PRIMARY_KEY:
            for column in columns:
                if column in table.columns:
                    table.columns[column].nullable = False
                    table.columns[column].nullable_known = True


# serial is not a type: it is an integer column with a nextval() default.
_SERIAL_STORAGE = {"serial": "integer", "bigserial": "bigint", "smallserial": "smallint"}


_Named = TypeVar("_Named", Table, Index)


def _resolve(named: list[_Named], schema: str | None, path: tuple[str, ...]) -> _Named | None:
    """Of the tables (or indexes) of one name: the one in ``schema``, or, unqualified, in the
    first schema of ``path`` that has one; failing that, one of unknown schema, or the only
    one there is."""
    for wanted in [schema] if schema else path:
        for item in named:
            if item.schema == wanted:
                return item
    unknown = [item for item in named if item.schema is None]
    if unknown:
        return unknown[0]
    return named[0] if schema is None and len(named) == 1 else None


def _unknown_column(name: str) -> Column:
    """A column the migrations never created, known only from a change to it."""
    return Column(name, "", nullable_known=False)


def _split(name: str) -> tuple[str | None, str]:
    """``billing.orders`` -> ("billing", "orders"); ``orders`` -> (None, "orders")."""
    schema, _, short = name.rpartition(".")
    return (schema.rsplit(".", 1)[-1] or None), short


def parse_search_path(value: str | None) -> tuple[str, ...]:
    """The schemas of a ``SET search_path`` value (None, DEFAULT: the default path). ``$user``
    is left out: migrations do not create schemas named after roles, and PostgreSQL skips it
    when no such schema exists; a comment after the value is no schema."""
    if value is None:
        return DEFAULT_SEARCH_PATH
    value = re.sub(r"--.*$|/\*.*?\*/", "", value, flags=re.DOTALL).strip().rstrip(";")
    if value.strip("'\" ").upper() == "DEFAULT":
        return DEFAULT_SEARCH_PATH
    schemas = [_fold(part) for part in value.split(",")]
    kept = tuple(s for s in schemas if s and s not in ("$user", "pg_catalog", "pg_temp"))
    return kept or DEFAULT_SEARCH_PATH


def _key(schema: str | None, name: str) -> str:
    return name if schema in (None, "public") else f"{schema}.{name}"


def _fold(identifier: str) -> str:
    """A search_path entry as PostgreSQL names it: quoted kept as is, else lower case."""
    text = identifier.strip()
    if len(text) >= 2 and text[0] == text[-1] == '"':
        return text[1:-1]
    return text.strip("'").lower()


def default_constraint_name(table: str, action: AddConstraint) -> str:
    """The name PostgreSQL gives an unnamed constraint."""
    short = bare(table)
    suffix = {
        ConstraintKind.PRIMARY_KEY: "pkey",
        ConstraintKind.UNIQUE: "key",
        ConstraintKind.FOREIGN_KEY: "fkey",
        ConstraintKind.CHECK: "check",
        ConstraintKind.EXCLUDE: "excl",
        ConstraintKind.NOT_NULL: "not_null",
    }[action.kind]
    if action.kind is ConstraintKind.PRIMARY_KEY:
        return f"{short}_pkey"
    cols = "_".join(action.columns) if action.columns else ""
    return f"{short}_{cols}_{suffix}" if cols else f"{short}_{suffix}"


def _default_index_name(table: str, columns: tuple[str, ...]) -> str:
    return f"{bare(table)}_{'_'.join(columns)}_idx"


_NOT_NULL_CHECK = re.compile(
    r'^\(*\s*"?(?P<col>[A-Za-z_][A-Za-z0-9_]*)"?\s+IS\s+NOT\s+NULL\s*\)*$', re.I
)


def is_not_null_check(expression: str | None, column: str) -> bool:
    if not expression:
        return False
    match = _NOT_NULL_CHECK.match(expression.strip())
    return bool(match) and match.group("col").lower() == column.lower()
