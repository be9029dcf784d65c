"""Operations of Alembic plugins, for revisions that call them where the plugin is not loaded.

Two plugins keep PostgreSQL enums in step with the models, and their revisions call
``op.sync_enum_values(...)``: alembic-postgresql-enum and alembic-autogenerate-enums. A plugin
registers its operations when env.py imports it; migcheck never runs env.py, so the operation
did not exist: lint rendered nothing for it (the revision was "not fully checked", dstack 7
times, lemur 4) and a rehearsal failed on it. These are the statements each plugin issues,
registered under the same names unless an operation of that name exists already (the plugin
itself, imported by a revision).

What they do matters: alembic-postgresql-enum replaces the type and converts every column of
it (``ALTER COLUMN ... TYPE``: a rewrite of each table under ACCESS EXCLUSIVE, even to add one
value); alembic-autogenerate-enums commits Alembic's transaction (``COMMIT``) and then adds the
values with ``ALTER TYPE ... ADD VALUE``. Lint's rules judge those statements as they judge any.

Approximations: alembic-postgresql-enum's comparison operators between the old and the new type
(functions, no table locks) are left out; the defaults it drops and sets again around the
conversion are read from the database where there is one (offline the columns are taken to
have none).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

import sqlalchemy as sa
from alembic.operations import MigrateOperation, Operations
from sqlalchemy.dialects import postgresql

_QUOTE = postgresql.dialect().identifier_preparer


def _name(*parts: str | None) -> str:
    """A possibly schema-qualified name, quoted where PostgreSQL needs it."""
    return ".".join(_QUOTE.quote(part) for part in parts if part)


def _text(value: object) -> str:
    return "'" + str(value).replace("'", "''") + "'"


class PluginEnumOp(MigrateOperation):
    """A plugin's enum operation, as the statements it issues (plain data, like Alembic's ops).

    ``defaults``: the (table, column) pairs converted to the new type. On a database, the
    server default each has (which would not cast to the new type) is read first, dropped
    before the statements and set again after them, as the plugin does.
    """

    def __init__(
        self,
        statements: Sequence[str],
        *,
        defaults: Sequence[tuple[str, str]] = (),
    ) -> None:
        self.statements = list(statements)
        self.defaults = list(defaults)

    @classmethod
    def sync_enum_values(cls, operations: Operations, *args: Any, **kwargs: Any) -> None:
        """alembic-postgresql-enum's ``(enum_schema, enum_name, new_values, affected_columns,
        enum_values_to_rename=())`` or alembic-autogenerate-enums' ``(schema, name,
        old_values, new_values, affected_columns=None, should_reverse=False)``."""
        operations.invoke(_sync_enum_values(*args, **kwargs))

    @classmethod
    def add_enum_values(
        cls, operations: Operations, enum_schema: str, enum_name: str, new_values: Iterable[str]
    ) -> None:
        """alembic-postgresql-enum's appending form: one ``ADD VALUE`` per value."""
        enum = _name(enum_schema, enum_name)
        operations.invoke(
            cls([f"ALTER TYPE {enum} ADD VALUE IF NOT EXISTS {_text(v)}" for v in new_values])
        )


def _sync_enum_values(*args: Any, **kwargs: Any) -> PluginEnumOp:
    if "old_values" in kwargs or "should_reverse" in kwargs or _lists_values(args):
        return _autogenerate_enums(*args, **kwargs)
    return _postgresql_enum(*args, **kwargs)


def _lists_values(args: Sequence[object]) -> bool:
    """The fourth argument is a list of values (alembic-autogenerate-enums' ``new_values``),
    not of columns (alembic-postgresql-enum's ``affected_columns``)."""
    if len(args) < 4 or not isinstance(args[3], list | tuple | set | frozenset):
        return False
    return bool(args[3]) and all(isinstance(value, str) for value in args[3])


def _postgresql_enum(
    enum_schema: str,
    enum_name: str,
    new_values: Sequence[str],
    affected_columns: Sequence[object] = (),
    enum_values_to_rename: Iterable[tuple[str, str]] = (),
    **_: object,
) -> PluginEnumOp:
    renames = list(enum_values_to_rename)
    enum = _name(enum_schema, enum_name)
    old = f"{enum_name}_old"
    statements = [
        f"ALTER TYPE {enum} RENAME TO {_QUOTE.quote(old)}",
        f"CREATE TYPE {enum} AS ENUM ({', '.join(_text(v) for v in new_values)})",
    ]
    defaults = []
    for reference in affected_columns:
        schema, table, column, is_array = _column_reference(reference, enum_schema)
        quoted = _QUOTE.quote(column)
        if is_array:
            cast = f"{quoted}::text[]"
            for before, after in renames:
                cast = f"array_replace({cast}, {_text(before)}, {_text(after)})"
            change = f"TYPE {enum}[] USING {cast}::{enum}[]"
        elif renames:
            cases = " ".join(
                f"WHEN {quoted}::text = {_text(before)} THEN {_text(after)}::{enum}"
                for before, after in renames
            )
            change = f"TYPE {enum} USING CASE {cases} ELSE {quoted}::text::{enum} END"
        else:
            change = f"TYPE {enum} USING {quoted}::text::{enum}"
        statements.append(f"ALTER TABLE {_name(schema, table)} ALTER COLUMN {quoted} {change}")
        defaults.append((_name(schema, table), column))
    statements.append(f"DROP TYPE {_name(enum_schema, old)}")
    return PluginEnumOp(statements, defaults=defaults)


def _column_reference(reference: object, enum_schema: str) -> tuple[str | None, str, str, bool]:
    """(schema, table, column, is an array) of an affected column: ``("table", "column")``,
    ``("table", "column", ColumnType.ARRAY)``, or a ``TableReference`` (the plugin's own, or
    the stand-in migcheck made of it, which keeps the keywords it was called with)."""
    if isinstance(reference, tuple | list):
        table, column, *kind = reference
        return enum_schema, str(table), str(column), bool(kind) and "ARRAY" in str(kind[0])
    arguments = getattr(reference, "standin_arguments", None) or {}

    def field(name: str) -> object:
        return arguments.get(name, getattr(reference, name, None))

    schema = field("table_schema")
    return (
        schema if isinstance(schema, str) else enum_schema,
        str(field("table_name")),
        str(field("column_name")),
        "ARRAY" in str(field("column_type")),
    )


def _autogenerate_enums(
    schema: str,
    name: str,
    old_values: Iterable[str],
    new_values: Iterable[str],
    affected_columns: Iterable[tuple[str, str]] | None = None,
    should_reverse: bool = False,
) -> PluginEnumOp:
    enum = _name(schema, name)
    if should_reverse and affected_columns is not None:
        columns = list(affected_columns)
        return PluginEnumOp(
            [
                f"ALTER TYPE {enum} RENAME TO {_QUOTE.quote(f'{name}_old')}",
                "CREATE TYPE {} AS ENUM ({})".format(
                    enum, ", ".join(_text(v) for v in sorted(set(new_values)))
                ),
                *(
                    f"ALTER TABLE {_name(table)} ALTER COLUMN {_QUOTE.quote(column)} "
                    f"TYPE {enum} USING {_QUOTE.quote(column)}::text::{enum}"
                    for table, column in columns
                ),
                f"DROP TYPE {_name(schema, f'{name}_old')}",
            ],
            defaults=[(_name(table), column) for table, column in columns],
        )
    # The plugin commits the migration's transaction first: ADD VALUE could not run in one
    # before PostgreSQL 12. Everything the revision (and, in one transaction, the revisions
    # before it) did is committed there.
    added = sorted(set(new_values) - set(old_values))
    return PluginEnumOp(["COMMIT", *(f"ALTER TYPE {enum} ADD VALUE {_text(v)}" for v in added)])


def _run(operations: Operations, operation: PluginEnumOp) -> None:
    impl = operations.migration_context.impl  # the statements are emitted (or run) here
    online = not operations.migration_context.as_sql
    defaults: list[tuple[str, str, str]] = []
    if online and operation.defaults:
        bind = operations.get_bind()
        for table, column in operation.defaults:
            found = bind.execute(
                sa.text(
                    "SELECT pg_get_expr(d.adbin, d.adrelid) FROM pg_attrdef d "
                    "JOIN pg_attribute a ON a.attrelid = d.adrelid AND a.attnum = d.adnum "
                    "WHERE d.adrelid = to_regclass(:table) AND a.attname = :column"
                ),
                {"table": table, "column": column},
            ).scalar()
            if found is not None:
                defaults.append((table, column, str(found)))
    for table, column, _default in defaults:
        impl.execute(
            _escaped(f"ALTER TABLE {table} ALTER COLUMN {_QUOTE.quote(column)} DROP DEFAULT")
        )
    for statement in operation.statements:
        impl.execute(_escaped(statement))
    for table, column, default in defaults:
        impl.execute(
            _escaped(
                f"ALTER TABLE {table} ALTER COLUMN {_QUOTE.quote(column)} SET DEFAULT {default}"
            )
        )


def _escaped(statement: str) -> sa.TextClause:
    """The statement as ``text()``, where ``:word`` would be a bound parameter."""
    return sa.text(statement.replace(":", r"\:"))


_installed: list[bool] = []


def install() -> None:
    """Register the operations Alembic does not have yet, once per process."""
    if _installed:
        return
    _installed.append(True)
    for name in ("sync_enum_values", "add_enum_values"):
        if not hasattr(Operations, name):
            Operations.register_operation(name)(PluginEnumOp)
    Operations.implementation_for(PluginEnumOp)(_run)
