"""What an action costs on an existing table: a rewrite, a full scan, an index build.

Shared by the rules that flag each cost and by ``statements-after-access-exclusive``, which
needs to know whether the work done while a lock is held is slow.
"""

from __future__ import annotations

from migcheck.analysis.facts import (
    Action,
    AddColumn,
    AddConstraint,
    AlterColumnType,
    ColumnSpec,
    ConstraintKind,
    CreateIndex,
    Dml,
    Reindex,
    RewriteTable,
    SetNotNull,
    TableLockOnly,
    ValidateConstraint,
    Volatility,
)
from migcheck.analysis.types import normalize_type, type_change_rewrites
from migcheck.rules.base import StatementContext


def add_column_rewrite_reason(column: ColumnSpec, pg_version: int) -> str | None:
    """Why adding ``column`` rewrites the table, or None if it does not."""
    if column.generated_stored:
        return "a stored generated column is computed for every row"
    if column.identity:
        return "an identity column is filled for every row"
    if column.serial:
        return f"{column.type} has a nextval() default, which is volatile"
    if column.default is not None and column.default.strip().upper() != "NULL":
        if pg_version < 11:
            return f"any default rewrites the table before PostgreSQL 11 (target: {pg_version})"
        if column.volatility is Volatility.VOLATILE:
            return f"the default {column.default} is volatile, so it is evaluated for every row"
    return None


def type_change(action: AlterColumnType, ctx: StatementContext) -> tuple[bool | None, str | None]:
    """(rewrites?, old type) for ALTER COLUMN TYPE, from the schema model or Alembic's
    ``existing_type``."""
    old = ctx.schema.column_type(action.table, action.column) or None
    if not old:
        existing = ctx.statement.op_args.get("existing_type")
        old = normalize_type(existing) if isinstance(existing, str) and existing else None
    rewrites = type_change_rewrites(
        old,
        action.new_type,
        using=action.using,
        column=action.column,
        utc_session=ctx.pg_version >= 12 and ctx.time_zone_is_utc(),
    )
    return rewrites, old


# Migration tools' own bookkeeping (``alembic upgrade --sql`` output, Rails, Django, Flyway,
# goose, sqitch, dbmate): one row written per migration, not a data change.
BOOKKEEPING_TABLES = frozenset(
    {
        "alembic_version",
        "schema_migrations",
        "ar_internal_metadata",
        "django_migrations",
        "flyway_schema_history",
        "goose_db_version",
        "knex_migrations",
        "knex_migrations_lock",
        "_prisma_migrations",
        "databasechangelog",
        "databasechangeloglock",
        "sqitch.changes",
        "sqitch.events",
    }
)


def is_bookkeeping(table: str | None) -> bool:
    return table is not None and (
        table.lower() in BOOKKEEPING_TABLES
        or table.lower().rsplit(".", 1)[-1] in BOOKKEEPING_TABLES
    )


def slow_work(action: Action, ctx: StatementContext) -> str | None:
    """A short description if ``action`` does work proportional to an existing table's size."""
    table = action.table
    if not ctx.is_existing(table) or is_bookkeeping(table):
        return None
    match action:
        case CreateIndex(concurrently=False, only=False):
            return f"builds an index on {table}"
        case Reindex(concurrently=False):
            return "rebuilds indexes"
        case RewriteTable():
            return f"{action.command} rewrites {table}"
        case AddColumn() if add_column_rewrite_reason(action.column, ctx.pg_version):
            return f"rewrites {table}"
        case AddColumn() if action.column.references:
            return f"scans {table} to validate the foreign key"
        case AlterColumnType():
            rewrites, _ = type_change(action, ctx)
            return f"rewrites {table}" if rewrites is not False else None
        case SetNotNull() if (
            not ctx.schema.has_validated_not_null_check(table, action.column)
            and ctx.schema.nullable(table, action.column) is not False
        ):
            return f"scans {table} to check for NULLs"
        case AddConstraint(not_valid=False, using_index=None) if action.kind in (
            ConstraintKind.CHECK,
            ConstraintKind.FOREIGN_KEY,
        ):
            return f"scans {table} to validate the constraint"
        case AddConstraint(using_index=None) if action.kind in (
            ConstraintKind.UNIQUE,
            ConstraintKind.PRIMARY_KEY,
            ConstraintKind.EXCLUDE,
        ):
            return f"builds an index on {table}"
        case ValidateConstraint():
            return f"scans {table} to validate the constraint"
        case Dml(verb="update" | "delete" | "merge"):
            return f"{action.verb.upper()}s rows of {table}"
        case Dml(verb="insert", from_select=True):
            return f"copies rows into {table}"
        case TableLockOnly(description="SELECT"):
            return f"reads {table}"
        case _:
            return None
