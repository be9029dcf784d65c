"""Rules about SQL that PostgreSQL itself rejects: another database's syntax or type names."""

from __future__ import annotations

from migcheck.analysis.dialect import FOREIGN_TYPES
from migcheck.model import Severity
from migcheck.rules.base import Rule, StatementContext, statement_rule

DIALECT = "dialect"


@statement_rule(
    Rule(
        id="not-postgresql",
        severity=Severity.ERROR,
        family=DIALECT,
        summary="Another database's syntax or type name: PostgreSQL rejects the statement.",
        why=(
            "Histories begun on SQLite or MySQL, and types written for them, render to SQL that "
            'PostgreSQL refuses: `sa.BLOB()` becomes `BLOB` (`type "blob" does not exist`), '
            "`sa.DATETIME()` becomes `DATETIME`, MySQL's AUTO_INCREMENT and backticks are "
            "syntax errors. The revision fails at deploy time, and "
            "a test suite that runs on SQLite never sees it."
        ),
        example='op.add_column("attachments", sa.Column("data", sa.BLOB()))',
        instead=(
            "Write it for PostgreSQL. Types: bytea (`sa.LargeBinary()`), timestamp "
            "(`sa.DateTime()`), text (`sa.Text()`), smallint (`sa.SmallInteger()`), double "
            "precision (`sa.Double()`): SQLAlchemy's generic types render right on every "
            "database. Syntax: double quotes instead of backticks, an identity column "
            "(`sa.Identity()`) instead of AUTO_INCREMENT. If a domain or type of that name "
            "exists outside the migrations, say so: `# migcheck: ignore[not-postgresql]`."
        ),
        safe_example='op.add_column("attachments", sa.Column("data", sa.LargeBinary()))',
    )
)
def not_postgresql(ctx: StatementContext) -> None:
    facts = ctx.facts
    if facts.non_postgres:
        ctx.report("not-postgresql", f"PostgreSQL rejects this statement: {facts.note}")
    for name in facts.foreign_types:
        if name in ctx.schema.types:  # a domain or type of that name, made by a migration
            continue
        origin, instead = FOREIGN_TYPES[name]
        ctx.report(
            "not-postgresql",
            f"PostgreSQL has no type {name.upper()} ({origin}): the statement fails with "
            f'type "{name}" does not exist; use {instead}',
        )
