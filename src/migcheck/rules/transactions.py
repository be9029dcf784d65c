"""Rules about transaction boundaries and data changes."""

from __future__ import annotations

from migcheck.analysis.facts import Dml, TransactionControl
from migcheck.analysis.locks import cannot_run_in_transaction
from migcheck.model import Severity
from migcheck.rules.base import Rule, StatementContext, UnitContext, statement_rule, unit_rule
from migcheck.rules.effects import is_bookkeeping

TRANSACTIONS = "transactions"


@statement_rule(
    Rule(
        id="non-transactional-statement",
        severity=Severity.ERROR,
        family=TRANSACTIONS,
        versions="all; ALTER TYPE ... ADD VALUE only before PostgreSQL 12",
        summary="A statement that cannot run inside a transaction block, inside one.",
        why=(
            "CREATE/DROP INDEX CONCURRENTLY, REINDEX CONCURRENTLY, VACUUM, DETACH PARTITION "
            "CONCURRENTLY (and ALTER TYPE ... ADD VALUE before PostgreSQL 12) fail with 'cannot "
            "run inside a transaction block'. Alembic runs every revision inside a transaction "
            "unless the statement is inside op.get_context().autocommit_block(). (A warning "
            "instead where env.py never calls context.configure() but hands the run to the "
            "application's code, which may use an AUTOCOMMIT connection, as dagster's does.)"
        ),
        example=(
            'op.create_index("ix_orders_status", "orders", ["status"],\n'
            "                postgresql_concurrently=True)"
        ),
        instead="Wrap it in `with op.get_context().autocommit_block():`.",
        safe_example=(
            "with op.get_context().autocommit_block():\n"
            '    op.create_index("ix_orders_status", "orders", ["status"],\n'
            "                    postgresql_concurrently=True)"
        ),
    )
)
def non_transactional_statement(ctx: StatementContext) -> None:
    if not ctx.in_transaction:
        return
    for action in ctx.facts.actions:
        reason = cannot_run_in_transaction(action, ctx.pg_version)
        if reason:
            where = (
                "Alembic's revision transaction; use op.get_context().autocommit_block()"
                if ctx.unit.revision is not None
                else "a transaction block"
            )
            if ctx.unit.revision is not None and ctx.settings.env_delegates:
                # Not known to fail: the application may run migrations without a transaction.
                ctx.report(
                    "non-transactional-statement",
                    f"{reason}, and it runs inside {where} — unless the application code "
                    "env.py hands the run to uses an AUTOCOMMIT connection (env.py does not "
                    "call context.configure() itself)",
                    severity=Severity.WARNING,
                )
                return
            ctx.report("non-transactional-statement", f"{reason}, and it runs inside {where}")
            return


@statement_rule(
    Rule(
        id="nested-transaction",
        severity=Severity.WARNING,
        family=TRANSACTIONS,
        summary="BEGIN inside a transaction, or COMMIT that ends a transaction a tool opened.",
        why=(
            "A second BEGIN is ignored with a warning, so the COMMIT meant for it commits the "
            "outer transaction early: what follows runs outside the transaction you think it "
            "is in. Inside an Alembic revision, an explicit COMMIT ends Alembic's transaction "
            "(use autocommit_block() for statements that need it)."
        ),
        example='op.execute("COMMIT")\nop.execute("CREATE INDEX CONCURRENTLY ...")',
        instead=(
            "Let the tool manage the transaction: in Alembic use "
            "op.get_context().autocommit_block(); in .sql files run with one BEGIN ... COMMIT "
            "or none."
        ),
    )
)
def nested_transaction(ctx: StatementContext) -> None:
    for action in ctx.facts.of_type(TransactionControl):
        if action.verb == "begin" and ctx.in_transaction:
            ctx.state.ignored_begins += 1
            ctx.report(
                "nested-transaction",
                "BEGIN inside a transaction that is already open: PostgreSQL ignores it, and the "
                "next COMMIT ends the outer transaction",
            )
        elif (
            action.verb in ("commit", "rollback")
            and ctx.in_transaction
            and (ctx.unit.revision is not None or ctx.settings.assume_in_transaction)
            and ctx.transaction.started_at is None
        ):
            verb = action.verb.upper()
            if ctx.unit.revision is not None:
                message = (
                    f"{verb} ends Alembic's transaction early: with psycopg2 every statement "
                    "after it commits on its own, so a failure leaves the earlier ones applied; "
                    "with psycopg 3 (SQLAlchemy 2.1's default driver) a new transaction starts "
                    "(use autocommit_block() for statements that need no transaction)"
                    + (f"; this project: {ctx.settings.driver}" if ctx.settings.driver else "")
                )
            else:
                message = (
                    f"{verb} ends the wrapping transaction early; what follows runs outside it"
                )
            ctx.report("nested-transaction", message)
        elif (
            action.verb in ("commit", "rollback")
            and not ctx.in_transaction
            and ctx.unit.revision is None
        ):
            if ctx.state.ignored_begins:
                # The COMMIT meant for a nested BEGIN already reported: one mistake, one finding.
                ctx.state.ignored_begins -= 1
                continue
            # psql: "there is no transaction in progress", a warning only. The statements
            # before it were meant to be in a transaction, but an earlier COMMIT already
            # ended it: they ran, and committed, on their own.
            ctx.report(
                "nested-transaction",
                f"{action.verb.upper()} with no transaction in progress: an earlier COMMIT "
                "already ended the transaction, so the statements before this one ran on their "
                "own",
            )


@unit_rule(
    Rule(
        id="uncommitted-transaction",
        severity=Severity.ERROR,
        family=TRANSACTIONS,
        summary="BEGIN without a matching COMMIT: the changes are rolled back.",
        why=(
            "When the session ends with the transaction still open, PostgreSQL rolls it back: "
            "the migration reports success and changes nothing."
        ),
        example="BEGIN;\nALTER TABLE orders ADD COLUMN note text;\n-- no COMMIT",
        instead="End the file with COMMIT.",
    )
)
def uncommitted_transaction(ctx: UnitContext) -> None:
    if ctx.unit.revision is not None or ctx.settings.assume_in_transaction:
        # Alembic, or the tool that wraps the file, commits what is open at the end (the
        # COMMIT ... BEGIN recipe around a CONCURRENTLY statement relies on it).
        return
    transaction = ctx.open_transaction
    if transaction is not None and transaction.started_at is not None:
        ctx.report(
            "uncommitted-transaction",
            "this BEGIN has no COMMIT before the end of the file: the changes are rolled back",
            statement=transaction.started_at,
        )


@statement_rule(
    Rule(
        id="full-table-dml",
        severity=Severity.WARNING,
        family=TRANSACTIONS,
        lock_hazard=True,
        summary="UPDATE or DELETE without WHERE on an existing table.",
        why=(
            "One statement touching every row locks every row until the transaction ends, "
            "writes a new version of each (table bloat, WAL volume, replica lag) and, inside a "
            "migration transaction, holds the migration's other locks for as long as it runs."
        ),
        example="op.execute(\"UPDATE orders SET currency = 'EUR'\")",
        instead=(
            "Backfill in batches by key range (each batch its own transaction, in an "
            "autocommit block or a separate job), in a data-only revision."
        ),
        safe_example=(
            "with op.get_context().autocommit_block():\n"
            "    for low in range(0, max_id + 1, 10_000):\n"
            "        op.execute(sa.text(\"UPDATE orders SET currency = 'EUR' \"\n"
            '                           "WHERE id >= :lo AND id < :hi AND currency IS NULL")\n'
            "                   .bindparams(lo=low, hi=low + 10_000))"
        ),
    )
)
def full_table_dml(ctx: StatementContext) -> None:
    for action in ctx.facts.of_type(Dml):
        if (
            action.verb in ("update", "delete")
            and not action.has_where
            and ctx.is_existing(action.table)
            and not is_bookkeeping(action.table)
        ):
            ctx.report(
                "full-table-dml",
                f"{action.verb.upper()} without WHERE touches every row of "
                f"{ctx.sized(action.table)} in one statement; backfill in batches",
                table=action.table,
            )


@unit_rule(
    Rule(
        id="mixed-schema-and-data",
        severity=Severity.WARNING,
        family=TRANSACTIONS,
        summary="Data changes in the same transaction as schema changes on an existing table.",
        why=(
            "The schema change's lock (often ACCESS EXCLUSIVE) is held until the transaction "
            "ends, so the table stays blocked for as long as the data change runs. A data "
            "change also often needs retries, batching or to run after the code deploy, which a "
            "schema revision cannot do. A revision with only data changes is the recommended "
            "separation; when env.py runs several revisions in one transaction, "
            "transaction_per_migration=True keeps them apart. Reported once per transaction, "
            "at its first data change."
        ),
        example=(
            'op.add_column("orders", sa.Column("currency", sa.String(3)))\n'
            "op.execute(\"UPDATE orders SET currency = 'EUR' WHERE currency IS NULL\")"
        ),
        instead="Move the data change into its own revision (and batch it).",
    )
)
def mixed_schema_and_data(ctx: UnitContext) -> None:
    for transaction_id, dml in ctx.state.dml_statements.items():
        ddl = ctx.state.ddl_tables.get(transaction_id)
        if not ddl or not dml:
            continue
        table, ddl_statement = ddl[0]
        dml_table, statement = dml[0]
        # Reported once per transaction, at its first data change; the others are counted.
        more = len(dml) - 1
        others = f" (and {more} more data change{'s' if more > 1 else ''})" if more else ""
        if ddl_statement.line is not None and (statement.line or 0) < ddl_statement.line:
            held = "the rows it changes stay locked until the schema change and the transaction end"
        else:
            held = "its lock is held until the data change finishes"
        ctx.report(
            "mixed-schema-and-data",
            f"data change on {dml_table}{others} in the same transaction as the schema change on "
            f"{table} (line {ddl_statement.line}); {held} — move the data change to its own "
            "revision",
            statement=statement,
            table=table,
        )
