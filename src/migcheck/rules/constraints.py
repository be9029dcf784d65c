"""Rules about constraints: validation scans, NOT NULL, unique indexes, foreign-key indexes,
tables that foreign keys still reference."""

from __future__ import annotations

from pathlib import Path

from migcheck.analysis.facts import (
    AddColumn,
    AddConstraint,
    ConstraintKind,
    CreateTable,
    DomainConstraint,
    DropTable,
    SetNotNull,
    ValidateConstraint,
)
from migcheck.model import Severity
from migcheck.rules.base import (
    NewForeignKey,
    Rule,
    StatementContext,
    UnitContext,
    statement_rule,
    unit_rule,
)

CONSTRAINTS = "constraints"


@statement_rule(
    Rule(
        id="required-column-no-default",
        severity=Severity.ERROR,
        family=CONSTRAINTS,
        summary="ADD COLUMN ... NOT NULL without a default on an existing table.",
        why=(
            "PostgreSQL must fill the new column for every existing row; with NOT NULL and no "
            "default there is no value to fill, so the statement fails with 'column contains "
            "null values' on any table that has rows, after waiting for ACCESS EXCLUSIVE. It "
            "only worked on your laptop because the table was empty. (Not reported when the "
            "same transaction emptied the table first: TRUNCATE, or DELETE without WHERE.) "
            "Column(default=...) does not help: that default is SQLAlchemy's, applied to the "
            "INSERTs it makes; the database never sees it."
        ),
        example='op.add_column("orders", sa.Column("currency", sa.String(3), nullable=False))',
        instead=(
            "Add the column with a constant server_default (instant since PostgreSQL 11), or "
            "nullable, backfill in batches, then add NOT NULL safely (see set-not-null-scan)."
        ),
        safe_example=(
            'op.add_column("orders", sa.Column("currency", sa.String(3), nullable=False,\n'
            '              server_default="EUR"))'
        ),
    )
)
def required_column_no_default(ctx: StatementContext) -> None:
    for action in ctx.facts.of_type(AddColumn):
        column = action.column
        if (
            not column.not_null
            or not ctx.is_existing(action.table)
            or ctx.emptied_before(action.table)
        ):
            continue
        if not column.fills_rows:
            message = (
                f"ADD COLUMN {column.name} NOT NULL without a default fails on "
                f"{ctx.sized(action.table)} as soon as it has rows"
            )
            python_default = ctx.statement.op_args.get("python_default")
            if isinstance(python_default, str):
                # The classic cause: Column(default=...) is SQLAlchemy's, not the database's.
                message += (
                    f": default={python_default} is applied by SQLAlchemy to the rows it "
                    "inserts, the database never sees it; server_default fills existing rows"
                )
            ctx.report("required-column-no-default", message, table=action.table)


@statement_rule(
    Rule(
        id="not-null-on-empty-column",
        severity=Severity.WARNING,
        family=CONSTRAINTS,
        summary="NOT NULL (or a primary key) on a column added without a value and never filled.",
        why=(
            "A column added without a default to a table with rows is NULL in every one of "
            "them. Making it NOT NULL, or part of a primary key, in the same or a later "
            "revision with no UPDATE of it in between fails with 'column contains null "
            "values' unless every row got a value meanwhile from outside the migrations (a "
            "script run in between, as glance-manage does between glance's ocata_expand01 and "
            "ocata_contract01; the application, for rows it writes: rows it never touched "
            "stay NULL). It passes on a fresh database, where the table is empty. (Not "
            "reported after a revision lint saw only in part: a data migration over rows its "
            "database does not have may have filled it.)"
        ),
        example=(
            'op.add_column("orders", sa.Column("channel", sa.String(20)))\n'
            "# a later revision:\n"
            'op.alter_column("orders", "channel", nullable=False)'
        ),
        instead=(
            "Backfill the column (in batches) in a revision between the two, or add it with a "
            "server_default; then add NOT NULL safely (see set-not-null-scan)."
        ),
        safe_example=(
            'op.add_column("orders", sa.Column("channel", sa.String(20), server_default="web"))\n'
            "# a later revision:\n"
            'op.alter_column("orders", "channel", nullable=False)'
        ),
    )
)
def not_null_on_empty_column(ctx: StatementContext) -> None:
    required: list[tuple[str | None, str]] = [
        (action.table, action.column) for action in ctx.facts.of_type(SetNotNull)
    ]
    for action in ctx.facts.of_type(AddConstraint):
        if action.kind is ConstraintKind.PRIMARY_KEY:
            required += [(action.table, column) for column in action.columns]
    for table, name in required:
        found = ctx.schema.table(table)
        column = found.columns.get(name) if found is not None else None
        if column is None or column.added_empty_in is None or ctx.emptied_before(table):
            continue
        if ctx.unit.problem is not None or ctx.unit.standins:
            continue  # this revision was seen in part: what it did to the rows is not known
        where = (
            "earlier in this revision"
            if column.added_empty_in == ctx.state.key
            else f"by {Path(column.added_empty_in).name}"
        )
        ctx.report(
            "not-null-on-empty-column",
            f"{table}.{name} was added without a default {where} and no revision fills it "
            f"since: NOT NULL fails on {ctx.sized(table)} if any row still holds NULL (one "
            "the application never wrote since)",
            table=table,
        )


@statement_rule(
    Rule(
        id="set-not-null-scan",
        severity=Severity.WARNING,
        family=CONSTRAINTS,
        lock_hazard=True,
        versions="all; the CHECK shortcut needs PostgreSQL 12 or later",
        summary="SET NOT NULL scans the whole table under ACCESS EXCLUSIVE.",
        why=(
            "ALTER COLUMN ... SET NOT NULL checks every row while holding ACCESS EXCLUSIVE. "
            "Since PostgreSQL 12 the scan is skipped when a validated CHECK (col IS NOT NULL) "
            "constraint proves it (ALTER TABLE notes). ADD PRIMARY KEY (also USING INDEX) sets "
            "NOT NULL on its columns the same way."
        ),
        example='op.alter_column("orders", "user_id", nullable=False)',
        instead=(
            "Add CHECK (col IS NOT NULL) NOT VALID, VALIDATE it in a later transaction (SHARE "
            "UPDATE EXCLUSIVE: reads and writes continue), then SET NOT NULL (instant) and drop "
            "the check."
        ),
        safe_example=(
            'op.create_check_constraint("ck_orders_user_id_nn", "orders", "user_id IS NOT NULL",\n'
            "                           postgresql_not_valid=True)\n"
            "# next revision:\n"
            'op.execute("ALTER TABLE orders VALIDATE CONSTRAINT ck_orders_user_id_nn")\n'
            "# next revision:\n"
            'op.alter_column("orders", "user_id", nullable=False)\n'
            'op.drop_constraint("ck_orders_user_id_nn", "orders")'
        ),
    )
)
def set_not_null_scan(ctx: StatementContext) -> None:
    for action in ctx.facts.of_type(SetNotNull):
        if not ctx.is_existing(action.table):
            continue
        if ctx.schema.nullable(action.table, action.column) is False:
            continue  # NOT NULL already: PostgreSQL has nothing to check
        if ctx.pg_version >= 12 and ctx.schema.has_validated_not_null_check(
            action.table, action.column
        ):
            continue
        hint = (
            "add CHECK (... IS NOT NULL) NOT VALID and VALIDATE it first"
            if ctx.pg_version >= 12
            else "PostgreSQL before 12 always scans"
        )
        ctx.report(
            "set-not-null-scan",
            f"SET NOT NULL on {action.table}.{action.column} scans {ctx.sized(action.table)} "
            f"under ACCESS EXCLUSIVE; {hint}",
            table=action.table,
        )
    for constraint in ctx.facts.of_type(AddConstraint):
        if constraint.kind is not ConstraintKind.PRIMARY_KEY or not ctx.is_existing(
            constraint.table
        ):
            continue
        found = ctx.schema.table(constraint.table)
        columns = constraint.columns
        if constraint.using_index:
            index = ctx.schema.index(constraint.using_index)
            columns = index.columns if index is not None else ()
        nullable = [
            c
            for c in columns
            if found is not None
            and c in found.columns
            and found.columns[c].nullable
            and not (
                ctx.pg_version >= 12
                and ctx.schema.has_validated_not_null_check(constraint.table, c)
            )
        ]
        # Columns the migrations never described may be nullable: PostgreSQL then runs SET
        # NOT NULL on them, a full scan (ALTER TABLE notes), as Eugene's W14 warns.
        unknown = [c for c in columns if found is None or c not in found.columns]
        if nullable or unknown or not columns:
            which = ", ".join([*nullable, *unknown]) or "the index's columns"
            unless = " (unless already NOT NULL)" if unknown or not columns else ""
            verb = "ADD PRIMARY KEY USING INDEX" if constraint.using_index else "ADD PRIMARY KEY"
            ctx.report(
                "set-not-null-scan",
                f"{verb} sets NOT NULL on {which}{unless}, scanning "
                f"{ctx.sized(constraint.table)} under ACCESS EXCLUSIVE; make the columns NOT NULL "
                "safely first (a validated CHECK (col IS NOT NULL), then SET NOT NULL)",
                table=constraint.table,
            )


@statement_rule(
    Rule(
        id="validating-constraint",
        severity=Severity.WARNING,
        family=CONSTRAINTS,
        lock_hazard=True,
        summary="FOREIGN KEY or CHECK added to an existing table without NOT VALID (or validated in the same transaction).",
        why=(
            "Adding a CHECK or FOREIGN KEY checks every existing row while holding the lock "
            "(ACCESS EXCLUSIVE for CHECK; SHARE ROW EXCLUSIVE on both tables for a foreign key, "
            "which blocks writes). Added NOT VALID, the constraint applies to new rows at once "
            "and the scan is skipped; VALIDATE CONSTRAINT later takes only SHARE UPDATE "
            "EXCLUSIVE. Validating in the same transaction as the NOT VALID addition keeps the "
            "first, strong lock for the whole scan and gains nothing."
        ),
        example=('op.create_foreign_key("fk_orders_user", "orders", "users", ["user_id"], ["id"])'),
        instead="Add the constraint NOT VALID, then VALIDATE it in a later revision or transaction.",
        safe_example=(
            'op.create_foreign_key("fk_orders_user", "orders", "users", ["user_id"], ["id"],\n'
            "                      postgresql_not_valid=True)\n"
            "# next revision:\n"
            'op.execute("ALTER TABLE orders VALIDATE CONSTRAINT fk_orders_user")'
        ),
    )
)
def validating_constraint(ctx: StatementContext) -> None:
    for action in ctx.facts.of_type(AddConstraint):
        if action.kind not in (ConstraintKind.CHECK, ConstraintKind.FOREIGN_KEY):
            continue
        if action.not_valid or not ctx.is_existing(action.table):
            continue
        kind = "FOREIGN KEY" if action.kind is ConstraintKind.FOREIGN_KEY else "CHECK"
        # A self-reference locks one table.
        both = dict.fromkeys(t for t in (action.table, action.references) if t)
        lock = (
            f"SHARE ROW EXCLUSIVE on {' and '.join(both)} (writes blocked)"
            if action.kind is ConstraintKind.FOREIGN_KEY
            else "ACCESS EXCLUSIVE"
        )
        ctx.report(
            "validating-constraint",
            f"{kind} {action.name or ''} scans {ctx.sized(action.table)} under {lock}; add it "
            "NOT VALID and VALIDATE it in a later transaction".replace("  ", " "),
            table=action.table,
        )
    for column_action in ctx.facts.of_type(AddColumn):
        column = column_action.column
        if not ctx.is_existing(column_action.table):
            continue
        if column.references:
            ctx.report(
                "validating-constraint",
                f"ADD COLUMN {column.name} REFERENCES {column.references} adds a foreign key that "
                f"takes SHARE ROW EXCLUSIVE on {ctx.sized(column_action.table)} and "
                f"{column.references} and validates it; add the column, then the key NOT VALID",
                table=column_action.table,
            )
        if column.check:
            ctx.report(
                "validating-constraint",
                f"ADD COLUMN {column.name} CHECK ({column.check}) validates every row of "
                f"{ctx.sized(column_action.table)} under ACCESS EXCLUSIVE; add the CHECK NOT VALID",
                table=column_action.table,
            )
    for validate in ctx.facts.of_type(ValidateConstraint):
        constraint = ctx.schema.constraint(validate.table, validate.name)
        if (
            constraint is None
            or not ctx.in_transaction
            or constraint.validated
            or constraint.added_in_transaction != ctx.transaction.id
            or not ctx.is_existing(validate.table)
        ):
            continue
        if constraint.added_in_unit == ctx.state.key:
            ctx.report(
                "validating-constraint",
                f"VALIDATE CONSTRAINT {validate.name} runs in the same transaction that added it "
                "NOT VALID, so the strong lock from the addition is held for the whole scan; "
                "validate it in a later revision or transaction",
                table=validate.table,
            )
        else:
            # Separate revisions, as recommended; only env.py's single transaction joins them.
            ctx.report(
                "validating-constraint",
                f"VALIDATE CONSTRAINT {validate.name} is in its own revision, but env.py runs "
                "both revisions in one transaction when they are applied together; set "
                "transaction_per_migration=True in env.py",
                table=validate.table,
                severity=Severity.INFO,
            )


@statement_rule(
    Rule(
        id="unique-constraint-without-index",
        severity=Severity.WARNING,
        family=CONSTRAINTS,
        lock_hazard=True,
        summary="UNIQUE or PRIMARY KEY added to an existing table builds its index under ACCESS EXCLUSIVE.",
        why=(
            "ADD CONSTRAINT ... UNIQUE / PRIMARY KEY builds a unique index while holding ACCESS "
            "EXCLUSIVE: no reads or writes for the whole build. Build the unique index "
            "CONCURRENTLY first, then attach it with ADD CONSTRAINT ... USING INDEX, which is "
            "instant."
        ),
        example='op.create_unique_constraint("uq_users_email", "users", ["email"])',
        instead="CREATE UNIQUE INDEX CONCURRENTLY, then ADD CONSTRAINT ... UNIQUE USING INDEX.",
        safe_example=(
            "with op.get_context().autocommit_block():\n"
            '    op.create_index("uq_users_email", "users", ["email"], unique=True,\n'
            "                    postgresql_concurrently=True)\n"
            'op.execute("ALTER TABLE users ADD CONSTRAINT uq_users_email UNIQUE USING INDEX uq_users_email")'
        ),
    )
)
def unique_constraint_without_index(ctx: StatementContext) -> None:
    for action in ctx.facts.of_type(AddConstraint):
        if action.kind not in (ConstraintKind.UNIQUE, ConstraintKind.PRIMARY_KEY):
            continue
        if action.using_index or not ctx.is_existing(action.table):
            continue
        kind = "UNIQUE" if action.kind is ConstraintKind.UNIQUE else "PRIMARY KEY"
        ctx.report(
            "unique-constraint-without-index",
            f"ADD {kind} {'(' + ', '.join(action.columns) + ') ' if action.columns else ''}"
            f"builds an index on {ctx.sized(action.table)} under ACCESS EXCLUSIVE; build it "
            "CONCURRENTLY and add the constraint USING INDEX",
            table=action.table,
        )
    for column_action in ctx.facts.of_type(AddColumn):
        column = column_action.column
        if (column.unique or column.primary_key) and ctx.is_existing(column_action.table):
            kind = "PRIMARY KEY" if column.primary_key else "UNIQUE"
            ctx.report(
                "unique-constraint-without-index",
                f"ADD COLUMN {column.name} {kind} builds an index on "
                f"{ctx.sized(column_action.table)} under ACCESS EXCLUSIVE; add the column, build "
                "the index CONCURRENTLY, then add the constraint USING INDEX",
                table=column_action.table,
            )


@unit_rule(
    Rule(
        id="foreign-key-without-index",
        severity=Severity.WARNING,
        family=CONSTRAINTS,
        summary="A foreign key whose referencing columns have no index.",
        why=(
            "PostgreSQL does not index the referencing side of a foreign key. Every DELETE (or "
            "key UPDATE) on the referenced table must find the referencing rows, and without an "
            "index that is a sequential scan of the referencing table, under a lock, for every "
            "deleted row. Checked at the end of the revision, with the schema model: an index "
            "created in the same revision counts. Unlike the lock rules it applies to new tables "
            "too (the cost is paid by every later DELETE, and a new table is the cheapest place "
            "to add the index); on a table the history never created, only keys on columns the "
            "revision itself adds are checked (other indexes are unknown)."
        ),
        example=(
            'op.add_column("orders", sa.Column("coupon_id", sa.Integer(),\n'
            '              sa.ForeignKey("coupons.id")))'
        ),
        instead="Create an index on the referencing columns (CONCURRENTLY if the table exists).",
        safe_example=(
            "with op.get_context().autocommit_block():\n"
            '    op.create_index("ix_orders_coupon_id", "orders", ["coupon_id"],\n'
            "                    postgresql_concurrently=True)"
        ),
    )
)
def foreign_key_without_index(ctx: UnitContext) -> None:
    for fk in ctx.state.new_foreign_keys:
        table, columns, references = fk.table, fk.columns, fk.references
        found = ctx.schema.table(table, fk.search_path)
        added_here = all((table, column) in ctx.state.new_columns for column in columns)
        if not columns or ((found is None or found.created_in_unit is None) and not added_here):
            # A table the linted history never created: its indexes are unknown (only a
            # placeholder is in the schema model), so "no index" would be a guess -- unless
            # the key's columns were added by this very revision: no index can predate them.
            continue
        if ctx.schema.indexed(table, columns, fk.search_path):
            continue
        cols = ", ".join(columns)
        ctx.report(
            "foreign-key-without-index",
            f"foreign key {table}({cols}) -> {references or '?'} has no index on {table}({cols}): "
            f"each DELETE on {references or 'the parent'} scans {table}",
            statement=fk.statement,
            table=table,
        )


def collect_foreign_keys(ctx: StatementContext) -> None:
    """Remember the foreign keys this statement adds, for the end-of-unit check."""
    path = ctx.schema.search_path

    def remember(table: str | None, columns: tuple[str, ...], references: str | None) -> None:
        ctx.state.new_foreign_keys.append(
            NewForeignKey(table or "", columns, references, ctx.statement, path)
        )

    for action in ctx.facts.actions:
        if isinstance(action, AddColumn):
            ctx.state.new_columns.add((action.table or "", action.column.name))
        if isinstance(action, AddConstraint) and action.kind is ConstraintKind.FOREIGN_KEY:
            remember(action.table, action.columns, action.references)
        elif isinstance(action, AddColumn) and action.column.references:
            remember(action.table, (action.column.name,), action.column.references)
        elif isinstance(action, CreateTable):
            for column in action.columns:
                if column.references:
                    remember(action.table, (column.name,), column.references)
            for constraint in action.constraints:
                if constraint.kind is ConstraintKind.FOREIGN_KEY:
                    remember(action.table, constraint.columns, constraint.references)


@statement_rule(
    Rule(
        id="domain-constraint",
        severity=Severity.WARNING,
        family=CONSTRAINTS,
        summary="A CHECK or NOT NULL constraint on a domain.",
        why=(
            "ALTER DOMAIN ... ADD CONSTRAINT checks every column of every table that uses the "
            "domain, under locks, and constraints defined in CREATE DOMAIN can only be changed "
            "that way later. Constraints on domains also make type changes and ADD COLUMN "
            "behave unexpectedly (a NOT NULL domain makes ADD COLUMN fill every row)."
        ),
        example='op.execute("ALTER DOMAIN positive_amount ADD CONSTRAINT positive CHECK (VALUE > 0)")',
        instead=(
            "Put CHECK constraints on the tables (added NOT VALID, then validated), or add the "
            "domain constraint NOT VALID and VALIDATE it separately."
        ),
    )
)
def domain_constraint(ctx: StatementContext) -> None:
    for action in ctx.facts.of_type(DomainConstraint):
        if action.create:
            ctx.report(
                "domain-constraint",
                f"CREATE DOMAIN {action.domain} with a constraint: changing it later re-checks "
                "every column that uses the domain; prefer table CHECK constraints",
            )
        elif not action.not_valid:
            ctx.report(
                "domain-constraint",
                f"ALTER DOMAIN {action.domain} ADD CONSTRAINT scans every table column of that "
                "domain; add it NOT VALID and VALIDATE CONSTRAINT separately",
            )


@statement_rule(
    Rule(
        id="drop-table-still-referenced",
        severity=Severity.ERROR,
        family=CONSTRAINTS,
        summary="DROP TABLE of a table another table's foreign key still references.",
        why=(
            "PostgreSQL refuses it: 'cannot drop table ... because other objects depend on "
            "it'. SQLite does not enforce foreign keys by default, so a revision autogenerated "
            "or tested there drops tables in an order that fails on PostgreSQL (aim: commits "
            "dropped before commit_tag, which references it). With CASCADE it succeeds and "
            "silently drops the other table's foreign key."
        ),
        example='op.drop_table("commits")  # commit_tag.commit_id references commits',
        instead=(
            "Drop the referencing table (or its foreign key) first: reverse the order of the "
            "drop_table calls."
        ),
        safe_example='op.drop_table("commit_tag")\nop.drop_table("commits")',
    )
)
def drop_table_still_referenced(ctx: StatementContext) -> None:
    drops = ctx.facts.of_type(DropTable)
    schema = ctx.schema
    dropped = {id(t) for t in (schema.table(d.table) for d in drops) if t is not None}
    for action in drops:
        target = schema.table(action.table)
        if target is None or action.cascade:
            continue
        for table in schema.tables.values():
            if table is target or id(table) in dropped:
                continue  # a self-reference, or dropped by the same statement
            for constraint in table.constraints.values():
                if (
                    constraint.kind is ConstraintKind.FOREIGN_KEY
                    and constraint.references
                    and schema.table(constraint.references) is target
                ):
                    ctx.report(
                        "drop-table-still-referenced",
                        f"DROP TABLE {action.table} fails: foreign key {constraint.name} of "
                        f"{table.name} still references it (PostgreSQL: other objects depend "
                        f"on it); drop {table.name} or that foreign key first",
                        table=action.table,
                    )
                    break
