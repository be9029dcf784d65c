"""Rules about statements that rewrite a whole table while holding ACCESS EXCLUSIVE."""

from __future__ import annotations

from migcheck.analysis.facts import AddColumn, AlterColumnType, Reindex, RewriteTable
from migcheck.analysis.names import bare
from migcheck.model import Severity
from migcheck.rules.base import Rule, StatementContext, statement_rule
from migcheck.rules.effects import add_column_rewrite_reason, type_change

REWRITES = "rewrites"


@statement_rule(
    Rule(
        id="add-column-rewrite",
        severity=Severity.WARNING,
        family=REWRITES,
        lock_hazard=True,
        versions=(
            "all; since PostgreSQL 11 only volatile defaults, stored generated columns and "
            "identity/serial columns rewrite, before 11 any non-NULL default does"
        ),
        summary="ADD COLUMN that rewrites the whole table under ACCESS EXCLUSIVE.",
        why=(
            "Since PostgreSQL 11 a column with a non-volatile default is added instantly (the "
            "default is stored in the catalog). A volatile default (gen_random_uuid(), random(), "
            "clock_timestamp(), nextval() - so serial/bigserial), a stored generated column or an "
            "identity column must be computed for every row: the table is rewritten while "
            "reads and writes wait. now() and CURRENT_TIMESTAMP are stable, not volatile: no "
            "rewrite."
        ),
        example=(
            'op.add_column("orders", sa.Column("public_id", sa.Uuid(),\n'
            '              server_default=sa.text("gen_random_uuid()")))'
        ),
        instead=(
            "Add the column without the default (or with a constant one), then set the "
            "default for new rows, then backfill existing rows in batches in a data-only "
            "revision."
        ),
        safe_example=(
            'op.add_column("orders", sa.Column("public_id", sa.Uuid(), nullable=True))\n'
            'op.alter_column("orders", "public_id", server_default=sa.text("gen_random_uuid()"))\n'
            "# next revision: UPDATE orders SET public_id = gen_random_uuid()\n"
            "#                WHERE id BETWEEN :lo AND :hi AND public_id IS NULL"
        ),
    )
)
def add_column_rewrite(ctx: StatementContext) -> None:
    for action in ctx.facts.of_type(AddColumn):
        if not ctx.is_existing(action.table):
            continue
        reason = add_column_rewrite_reason(action.column, ctx.pg_version)
        if reason:
            ctx.report(
                "add-column-rewrite",
                f"ADD COLUMN {action.column.name} rewrites {ctx.sized(action.table)} under "
                f"ACCESS EXCLUSIVE: {reason}",
                table=action.table,
            )


@statement_rule(
    Rule(
        id="column-type-rewrite",
        severity=Severity.WARNING,
        family=REWRITES,
        lock_hazard=True,
        summary="ALTER COLUMN TYPE that rewrites the table (and its indexes) under ACCESS EXCLUSIVE.",
        why=(
            "Changing a column's type rewrites the table and rebuilds its indexes while "
            "ACCESS EXCLUSIVE blocks all reads and writes, unless the old type is binary "
            "coercible to the new one (ALTER TABLE notes): varchar(n) -> varchar(m > n), "
            "varchar -> text, numeric(p, s) -> numeric(p2 > p, s), a longer timestamp "
            "precision, cidr -> inet. int -> bigint, text -> varchar(n), a shorter length and "
            "any USING expression all rewrite. The old type comes from the schema model or "
            "Alembic's existing_type; without either the change is reported as a possible "
            "rewrite."
        ),
        example='op.alter_column("orders", "id", type_=sa.BigInteger(), existing_type=sa.Integer())',
        instead=(
            "Add a new column of the new type, keep it in sync with a trigger, backfill in "
            "batches, then swap (expand-contract). For an int primary key close to 2^31, plan "
            "this early."
        ),
    )
)
def column_type_rewrite(ctx: StatementContext) -> None:
    for action in ctx.facts.of_type(AlterColumnType):
        if not ctx.is_existing(action.table):
            continue
        rewrites, old = type_change(action, ctx)
        if rewrites is False:
            continue
        if rewrites is None:
            ctx.report(
                "column-type-rewrite",
                f"ALTER COLUMN {action.column} TYPE {action.new_type} on "
                f"{ctx.sized(action.table)} rewrites the table unless the change is binary "
                "coercible; the old type is unknown (pass existing_type=)",
                table=action.table,
            )
            continue
        if old and _type_name(old) == _type_name(action.new_type):
            # The old type was renamed away and a new one made under its name: how enum values
            # are changed by hand and by alembic-postgresql-enum's sync_enum_values.
            ctx.report(
                "column-type-rewrite",
                f"ALTER COLUMN {action.column} TYPE {action.new_type} converts the column to a "
                f"new type of the same name (a recreated enum), which rewrites "
                f"{ctx.sized(action.table)} and its indexes under ACCESS EXCLUSIVE; to add "
                "values, ALTER TYPE ... ADD VALUE rewrites nothing",
                table=action.table,
            )
            continue
        using = f" USING {action.using}" if action.using else ""
        ctx.report(
            "column-type-rewrite",
            f"ALTER COLUMN {action.column} TYPE {old} -> {action.new_type}{using} rewrites "
            f"{ctx.sized(action.table)} and its indexes under ACCESS EXCLUSIVE",
            table=action.table,
        )


def _type_name(type_sql: str) -> str:
    """``public.Order_State[]`` -> ``order_state[]``: a type's name without its schema."""
    return bare(type_sql.strip().strip('"')).strip('"').lower()


@statement_rule(
    Rule(
        id="table-rewrite",
        severity=Severity.WARNING,
        family=REWRITES,
        lock_hazard=True,
        summary="VACUUM FULL, CLUSTER, REPACK, REINDEX, SET TABLESPACE or SET LOGGED/UNLOGGED on an existing table.",
        why=(
            "VACUUM FULL, CLUSTER, REPACK without CONCURRENTLY, ALTER TABLE SET TABLESPACE and "
            "SET LOGGED/UNLOGGED copy the whole table while holding ACCESS EXCLUSIVE (no reads, "
            "no writes). REINDEX without "
            "CONCURRENTLY blocks writes on the table and reads that use the index while it "
            "rebuilds."
        ),
        example='op.execute("VACUUM FULL orders")',
        instead=(
            "Use REINDEX ... CONCURRENTLY (PostgreSQL 12+); use pg_repack or pg_squeeze "
            "(or REPACK CONCURRENTLY on PostgreSQL 19+) instead of VACUUM FULL / CLUSTER; move "
            "tablespaces during a maintenance window."
        ),
    )
)
def table_rewrite(ctx: StatementContext) -> None:
    for action in ctx.facts.actions:
        if isinstance(action, RewriteTable):
            if action.table is not None and not ctx.is_existing(action.table):
                continue
            target = ctx.sized(action.table) if action.table else "every table it names"
            ctx.report(
                "table-rewrite",
                f"{action.command} rewrites {target} under ACCESS EXCLUSIVE (no reads or writes "
                "until it finishes)",
                table=action.table,
            )
        elif isinstance(action, Reindex) and not action.concurrently:
            if action.table is not None and not ctx.is_existing(action.table):
                continue
            alternative = "; use REINDEX ... CONCURRENTLY" if ctx.pg_version >= 12 else ""
            ctx.report(
                "table-rewrite",
                f"REINDEX {action.target.upper()} {action.name} blocks writes (and reads that use "
                f"the index) until every index is rebuilt{alternative}",
                table=action.table,
            )
