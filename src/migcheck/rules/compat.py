"""Rules about changes that break the application code still running during a deploy."""

from __future__ import annotations

from migcheck.analysis.facts import (
    AddColumn,
    AddConstraint,
    AlterColumnType,
    CreateIndex,
    CreateTable,
    DropColumn,
    DropNotNull,
    DropTable,
    RenameColumn,
    RenameTable,
)
from migcheck.analysis.names import bare
from migcheck.model import Severity
from migcheck.rules.base import Rule, StatementContext, statement_rule

COMPAT = "compatibility"

_EXPAND_CONTRACT = (
    "Expand-contract: add the new name, keep both in sync, backfill, switch the code, then "
    "remove the old name."
)


@statement_rule(
    Rule(
        id="rename-column",
        severity=Severity.WARNING,
        family=COMPAT,
        summary="Renaming a column breaks the application instances still using the old name.",
        why=(
            "RENAME COLUMN is instant, and still an outage: during a deploy, the instances "
            "running the previous release keep querying the old name and fail until they are "
            "replaced (and a rollback of the code fails the other way)."
        ),
        example='op.alter_column("users", "name", new_column_name="full_name")',
        instead=_EXPAND_CONTRACT
        + " `migcheck rename column TABLE OLD NEW` writes those revisions.",
    )
)
def rename_column(ctx: StatementContext) -> None:
    for action in ctx.facts.of_type(RenameColumn):
        if ctx.is_existing(action.table):
            table = bare(action.table or "")
            ctx.report(
                "rename-column",
                f"renaming {table}.{action.column} to {action.new_name} breaks running code that "
                f"uses {action.column}; instead, remove this rename and run `migcheck rename "
                f"column {table} {action.column} {action.new_name}` for an expand-contract "
                "sequence",
            )


@statement_rule(
    Rule(
        id="rename-table",
        severity=Severity.WARNING,
        family=COMPAT,
        summary="Renaming a table breaks the application instances still using the old name.",
        why=(
            "ALTER TABLE ... RENAME TO is instant, but every running instance of the previous "
            "release still queries the old name and fails until it is replaced."
        ),
        example='op.rename_table("customers", "clients")',
        instead=(
            "Rename the table and leave an updatable view under the old name until every "
            "instance uses the new one. `migcheck rename table OLD NEW` writes those revisions."
        ),
    )
)
def rename_table(ctx: StatementContext) -> None:
    for action in ctx.facts.of_type(RenameTable):
        if ctx.is_existing(action.table):
            old = bare(action.table or "")
            new = bare(action.new_name)
            ctx.report(
                "rename-table",
                f"renaming {old} to {new} breaks running code that uses {old}; instead, remove "
                f"this rename and run `migcheck rename table {old} {new}` for a view-backed "
                "rename",
            )


@statement_rule(
    Rule(
        id="drop-column",
        severity=Severity.WARNING,
        family=COMPAT,
        summary="Dropping a column breaks the application instances that still read or write it.",
        why=(
            "Code deployed before the migration still selects or inserts the column (ORMs list "
            "every mapped column explicitly), so it fails the moment the column is gone. DROP "
            "COLUMN also takes ACCESS EXCLUSIVE, briefly."
        ),
        example='op.drop_column("users", "legacy_flag")',
        instead=(
            "Stop using the column in the code first (remove it from the SQLAlchemy model), drop "
            "it in a later release.\n\nIf that is done, say so: "
            "`# migcheck: ignore[drop-column]` with the reason."
        ),
    )
)
def drop_column(ctx: StatementContext) -> None:
    for action in ctx.facts.of_type(DropColumn):
        # A column this revision added is used by no running code.
        added_here = (action.table or "", action.column) in ctx.state.new_columns
        if ctx.is_existing(action.table) and not added_here:
            ctx.report(
                "drop-column",
                f"dropping {bare(action.table or '')}.{action.column} breaks running code that "
                "still uses it; remove it from the code first, drop it in a later release",
            )


@statement_rule(
    Rule(
        id="drop-table",
        severity=Severity.WARNING,
        family=COMPAT,
        summary="Dropping a table breaks running code and loses its data for good.",
        why=(
            "Code deployed before the migration still queries the table. DROP TABLE takes "
            "ACCESS EXCLUSIVE on the table and on the tables its foreign keys reference, and "
            "the data cannot be recovered except from a backup."
        ),
        example='op.drop_table("legacy_sessions")',
        instead=(
            "Stop using the table in the code first; drop it in a later release, ideally after "
            "renaming it for a while (and keep a backup)."
        ),
    )
)
def drop_table(ctx: StatementContext) -> None:
    for action in ctx.facts.of_type(DropTable):
        if ctx.is_existing(action.table):
            cascade = (
                " (CASCADE also drops dependent views and foreign keys)" if action.cascade else ""
            )
            ctx.report(
                "drop-table",
                f"dropping {ctx.sized(action.table)} breaks running code that uses it and deletes "
                f"its data{cascade}",
            )


@statement_rule(
    Rule(
        id="drop-not-null",
        severity=Severity.WARNING,
        family=COMPAT,
        summary="DROP NOT NULL lets NULLs in that running code does not expect.",
        why=(
            "Code written while the column was NOT NULL assumes a value (no None checks, "
            "non-optional types); once NULLs arrive from newer code, the older instances "
            "break. It also takes ACCESS EXCLUSIVE, briefly."
        ),
        example='op.alter_column("orders", "shipped_at", nullable=True)',
        instead=(
            "Make every reader handle NULL first, then drop the constraint. If it is already "
            "so, `# migcheck: ignore[drop-not-null]`."
        ),
    )
)
def drop_not_null(ctx: StatementContext) -> None:
    for action in ctx.facts.of_type(DropNotNull):
        # Already nullable (created so, or dropped before): nothing changes.
        if ctx.is_existing(action.table) and ctx.schema.nullable(action.table, action.column) in (
            False,
            None,
        ):
            ctx.report(
                "drop-not-null",
                f"{bare(action.table or '')}.{action.column} may now hold NULL; code that "
                "assumes a value will break",
            )


@statement_rule(
    Rule(
        id="json-column",
        severity=Severity.WARNING,
        family=COMPAT,
        summary="A json column: prefer jsonb.",
        why=(
            "json stores the text as is: no equality operator (SELECT DISTINCT, GROUP BY and "
            "UNION on the table fail), no GIN indexes, and every access re-parses the "
            "document. jsonb has none of these problems."
        ),
        example='op.add_column("orders", sa.Column("metadata", sa.JSON()))',
        instead="Use jsonb (sqlalchemy.dialects.postgresql.JSONB).",
    )
)
def json_column(ctx: StatementContext) -> None:
    for action in ctx.facts.actions:
        columns = []
        if isinstance(action, AddColumn):
            columns = [action.column.name] if _is_json(action.column.type) else []
        elif isinstance(action, CreateTable):
            columns = [c.name for c in action.columns if _is_json(c.type)]
        elif isinstance(action, AlterColumnType) and _is_json(action.new_type):
            columns = [action.column]
        for column in columns:
            ctx.report(
                "json-column",
                f"{bare(action.table or '')}.{column} is json: prefer jsonb (json has no equality "
                "operator and no GIN index)",
            )


def _is_json(type_name: str) -> bool:
    return type_name.removesuffix("[]") == "json"


MAX_IDENTIFIER_BYTES = 63


@statement_rule(
    Rule(
        id="identifier-too-long",
        severity=Severity.WARNING,
        family=COMPAT,
        summary="An identifier longer than 63 bytes is silently truncated.",
        why=(
            "PostgreSQL truncates identifiers to NAMEDATALEN - 1 = 63 bytes with only a NOTICE: "
            "the object gets a different name than the migration (and the ORM) use, and two "
            "long names can collide."
        ),
        example='op.create_index("ix_" + "very_long_name" * 6, "orders", ["user_id"])',
        instead="Use names of at most 63 bytes (Alembic naming conventions can shorten them).",
    )
)
def identifier_too_long(ctx: StatementContext) -> None:
    names: list[str] = []
    for action in ctx.facts.actions:
        if isinstance(action, CreateTable):
            names.append(bare(action.table or ""))
            names.extend(c.name for c in action.columns)
            names.extend(c.name for c in action.constraints if c.name)
        elif isinstance(action, AddColumn):
            names.append(action.column.name)
        elif (isinstance(action, CreateIndex) and action.name) or (
            isinstance(action, AddConstraint) and action.name
        ):
            names.append(action.name)
        elif isinstance(action, RenameColumn):
            names.append(action.new_name)
        elif isinstance(action, RenameTable):
            names.append(bare(action.new_name))
    for name in names:
        size = len(name.encode("utf-8"))
        if size > MAX_IDENTIFIER_BYTES:
            ctx.report(
                "identifier-too-long",
                f"identifier {name[:30]}… is {size} bytes; PostgreSQL truncates it to "
                f"{MAX_IDENTIFIER_BYTES}",
            )
