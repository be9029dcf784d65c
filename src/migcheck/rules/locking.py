"""Rules about locks that block the application: index builds, drops, timeouts."""

from __future__ import annotations

from migcheck.analysis.facts import (
    Action,
    AddConstraint,
    ConstraintKind,
    CreateIndex,
    DetachPartition,
    DropIndex,
    DropTable,
    LockMode,
    Reindex,
    Truncate,
)
from migcheck.analysis.locks import table_locks
from migcheck.facts_store import facts_for
from migcheck.model import Severity
from migcheck.rules.base import Rule, StatementContext, statement_rule
from migcheck.rules.effects import slow_work

LOCKS = "locking"


@statement_rule(
    Rule(
        id="index-not-concurrent",
        severity=Severity.WARNING,
        family=LOCKS,
        lock_hazard=True,
        summary="CREATE INDEX without CONCURRENTLY on an existing table blocks writes.",
        why=(
            "CREATE INDEX takes a SHARE lock on the table for the whole build: every INSERT, "
            "UPDATE and DELETE waits until the index is built, which takes minutes on a large "
            "table. CREATE INDEX CONCURRENTLY takes SHARE UPDATE EXCLUSIVE instead, which lets "
            "reads and writes continue (PostgreSQL docs: CREATE INDEX, 'Building Indexes "
            "Concurrently')."
        ),
        example='op.create_index("ix_orders_user_id", "orders", ["user_id"])',
        instead=(
            "Build the index concurrently, outside the revision's transaction "
            "(CONCURRENTLY cannot run in a transaction block)."
        ),
        safe_example=(
            "with op.get_context().autocommit_block():\n"
            '    op.create_index("ix_orders_user_id", "orders", ["user_id"],\n'
            "                    postgresql_concurrently=True, if_not_exists=True)"
        ),
    )
)
def index_not_concurrent(ctx: StatementContext) -> None:
    for action in ctx.facts.of_type(CreateIndex):
        if action.only:  # ON ONLY a partitioned parent builds nothing (CREATE INDEX, ONLY)
            continue
        if not action.concurrently and ctx.is_existing(action.table):
            ctx.report(
                "index-not-concurrent",
                f"CREATE INDEX{' ' + action.name if action.name else ''} on {ctx.sized(action.table)} "
                "takes a SHARE lock that blocks writes for the whole build; "
                "use CREATE INDEX CONCURRENTLY in an autocommit block",
                table=action.table,
            )


@statement_rule(
    Rule(
        id="drop-index-not-concurrent",
        severity=Severity.WARNING,
        family=LOCKS,
        lock_hazard=True,
        summary="DROP INDEX without CONCURRENTLY takes an ACCESS EXCLUSIVE lock on the table.",
        why=(
            "DROP INDEX takes ACCESS EXCLUSIVE on the index's table: while it waits for running "
            "queries to finish, every new read and write queues behind it. DROP INDEX "
            "CONCURRENTLY waits for conflicting transactions without blocking others."
        ),
        example='op.drop_index("ix_orders_status", table_name="orders")',
        instead="Drop the index concurrently, in an autocommit block.",
        safe_example=(
            "with op.get_context().autocommit_block():\n"
            '    op.drop_index("ix_orders_status", table_name="orders",\n'
            "                  postgresql_concurrently=True, if_exists=True)"
        ),
    )
)
def drop_index_not_concurrent(ctx: StatementContext) -> None:
    for action in ctx.facts.of_type(DropIndex):
        if action.concurrently:
            continue
        index = ctx.schema.index(action.name)
        table = index.table if index is not None else _op_table(ctx)
        if index is not None and not ctx.is_existing(index.table):
            continue
        if table and _dropped_later(ctx, table):
            continue  # its DROP TABLE takes ACCESS EXCLUSIVE anyway (drop-table says so)
        ctx.report(
            "drop-index-not-concurrent",
            f"DROP INDEX {action.name}"
            + (f" on {ctx.sized(table)}" if table else "")
            + " takes an ACCESS EXCLUSIVE lock; use DROP INDEX CONCURRENTLY in an autocommit block",
            table=table,
        )


def _dropped_later(ctx: StatementContext, table: str) -> bool:
    """Whether a later statement of this revision (or file) drops ``table``."""
    target = ctx.schema.table(table)
    line = ctx.statement.line or 0
    for later in ctx.unit.statements:
        if (later.line or 0) <= line:
            continue
        for action in facts_for(later.sql).of_type(DropTable):
            dropped = ctx.schema.table(action.table)
            if (dropped is not None and dropped is target) or action.table == table:
                return True
    return False


def _op_table(ctx: StatementContext) -> str | None:
    value = ctx.statement.op_args.get("table_name")
    return value if isinstance(value, str) else None


@statement_rule(
    Rule(
        id="detach-partition-not-concurrent",
        severity=Severity.WARNING,
        family=LOCKS,
        lock_hazard=True,
        versions="PostgreSQL 14 and later (CONCURRENTLY does not exist before)",
        summary="DETACH PARTITION without CONCURRENTLY locks the partitioned table.",
        why=(
            "ALTER TABLE ... DETACH PARTITION takes ACCESS EXCLUSIVE on the parent table, "
            "blocking every query on every partition. Since PostgreSQL 14, DETACH PARTITION "
            "... CONCURRENTLY takes only SHARE UPDATE EXCLUSIVE on the parent."
        ),
        example='op.execute("ALTER TABLE events DETACH PARTITION events_2023")',
        instead="Detach concurrently, outside a transaction block.",
        safe_example=(
            "with op.get_context().autocommit_block():\n"
            '    op.execute("ALTER TABLE events DETACH PARTITION events_2023 CONCURRENTLY")'
        ),
    )
)
def detach_partition_not_concurrent(ctx: StatementContext) -> None:
    if ctx.pg_version < 14:
        return
    for action in ctx.facts.of_type(DetachPartition):
        if action.concurrently or action.finalize:  # FINALIZE ends a concurrent detach
            continue
        if ctx.is_existing(action.table):
            ctx.report(
                "detach-partition-not-concurrent",
                f"DETACH PARTITION {action.partition} takes ACCESS EXCLUSIVE on "
                f"{ctx.sized(action.table)}; use DETACH PARTITION ... CONCURRENTLY",
                table=action.table,
            )


@statement_rule(
    Rule(
        id="truncate",
        severity=Severity.WARNING,
        family=LOCKS,
        lock_hazard=True,
        summary="TRUNCATE of an existing table: ACCESS EXCLUSIVE lock and all rows gone.",
        why=(
            "TRUNCATE takes ACCESS EXCLUSIVE (blocking reads and writes) and removes every row "
            "at once, without firing DELETE triggers; with CASCADE it also empties every table "
            "that references it. In a migration it is almost always a mistake or a data loss."
        ),
        example='op.execute("TRUNCATE audit_log")',
        instead=(
            "Delete in batches (DELETE ... WHERE id BETWEEN ...) in a data-only revision, or "
            "drop and recreate the table through an expand-contract change if it must go."
        ),
    )
)
def truncate(ctx: StatementContext) -> None:
    for action in ctx.facts.of_type(Truncate):
        if ctx.is_existing(action.table):
            cascade = (
                " with CASCADE (also empties every referencing table)" if action.cascade else ""
            )
            ctx.report(
                "truncate",
                f"TRUNCATE {ctx.sized(action.table)}{cascade} takes ACCESS EXCLUSIVE and deletes "
                "every row",
                table=action.table,
            )


@statement_rule(
    Rule(
        id="exclusion-constraint",
        severity=Severity.WARNING,
        family=LOCKS,
        lock_hazard=True,
        summary="Adding an EXCLUDE constraint to an existing table builds an index under ACCESS EXCLUSIVE.",
        why=(
            "An exclusion constraint is backed by an index that is built while ACCESS EXCLUSIVE "
            "is held, and unlike UNIQUE it cannot be attached from an index built CONCURRENTLY "
            "(ADD CONSTRAINT ... USING INDEX only accepts unique indexes). There is no "
            "lock-free way to add one."
        ),
        example=(
            'op.execute("ALTER TABLE bookings ADD CONSTRAINT no_overlap '
            'EXCLUDE USING gist (room_id WITH =, during WITH &&)")'
        ),
        instead=(
            "Add it while the table is small or during a maintenance window, or enforce the "
            "rule in a new table and move the data over."
        ),
    )
)
def exclusion_constraint(ctx: StatementContext) -> None:
    for action in ctx.facts.of_type(AddConstraint):
        if action.kind is ConstraintKind.EXCLUDE and ctx.is_existing(action.table):
            ctx.report(
                "exclusion-constraint",
                f"EXCLUDE constraint on {ctx.sized(action.table)} builds its index under "
                "ACCESS EXCLUSIVE; there is no concurrent way to add it",
                table=action.table,
            )


@statement_rule(
    Rule(
        id="missing-lock-timeout",
        severity=Severity.WARNING,
        family=LOCKS,
        lock_hazard=True,
        summary="A strong lock on an existing table is requested with no lock_timeout set.",
        why=(
            "A statement that needs a SHARE (or stronger) lock waits for every running "
            "transaction on the table, and while it waits every new query queues behind it: "
            "one long-running report turns a 2 ms ALTER TABLE into minutes of downtime. "
            "lock_timeout makes the migration fail fast instead, so it can be retried."
        ),
        example='op.add_column("orders", sa.Column("note", sa.Text()))',
        instead=(
            "Set lock_timeout before the first such statement: in env.py for every migration, "
            "or at the top of the revision.\n\nReported once per transaction block (once per "
            "revision in Alembic, since each revision may be deployed on its own, so a SET in an "
            "earlier revision does not count) and once per .sql file for the statements that "
            "commit on their own (one SET at the top covers them all, as in squawk), at the "
            "first statement that needs it; not at all when env.py sets it or "
            "`lock-timeout-set-by-env = true`."
        ),
        safe_example=(
            "op.execute(\"SET lock_timeout = '2s'\")\n"
            'op.add_column("orders", sa.Column("note", sa.Text()))'
        ),
    )
)
def missing_lock_timeout(ctx: StatementContext) -> None:
    if ctx.lock_timeout_set():
        return
    if ctx.unit.revision is not None:
        # Once per revision, also when autocommit_block() splits it into several transactions:
        # one SET at the top of the revision fixes all of them.
        if ctx.state.lock_timeout_reported_autocommit:
            return
    elif ctx.in_transaction:
        if ctx.transaction.lock_timeout_reported:
            return
    elif ctx.state.lock_timeout_reported_autocommit:
        return
    for action in ctx.facts.actions:
        needed: list[tuple[LockMode, str, str | None]] = [
            (lock.mode, ctx.sized(lock.table), lock.table)
            for lock in table_locks(action, ctx.pg_version)
            if lock.mode >= LockMode.SHARE and ctx.is_existing(lock.table)
        ]
        unresolved = _unresolved_index_lock(action)
        if unresolved is not None:
            needed.append(unresolved)
        for mode, where, table in needed:
            ctx.report(
                "missing-lock-timeout",
                f"{mode.sql_name} lock on {where} without lock_timeout: "
                "if it waits behind a long query, every query on the table queues behind it; "
                "SET lock_timeout first",
                table=table,
            )
            if ctx.in_transaction:
                ctx.transaction.lock_timeout_reported = True
            if ctx.unit.revision is not None or not ctx.in_transaction:
                ctx.state.lock_timeout_reported_autocommit = True
            return


def _unresolved_index_lock(action: Action) -> tuple[LockMode, str, str | None] | None:
    """DROP INDEX / REINDEX INDEX on an index the linted history never created: its table is
    unknown, but it exists (the index does), and DROP INDEX takes ACCESS EXCLUSIVE on it,
    REINDEX INDEX SHARE (PostgreSQL docs: DROP INDEX, REINDEX)."""
    if isinstance(action, DropIndex) and action.table is None and not action.concurrently:
        return LockMode.ACCESS_EXCLUSIVE, f"the table of index {action.name}", None
    if (
        isinstance(action, Reindex)
        and action.target == "index"
        and action.table is None
        and not action.concurrently
    ):
        return LockMode.SHARE, f"the table of index {action.name}", None
    return None


@statement_rule(
    Rule(
        id="statements-after-access-exclusive",
        severity=Severity.WARNING,
        family=LOCKS,
        lock_hazard=True,
        summary="Slow work in the same transaction after an ACCESS EXCLUSIVE lock on an existing table.",
        why=(
            "Locks are held until the transaction ends. After a statement takes ACCESS "
            "EXCLUSIVE on a table (ADD COLUMN, ALTER COLUMN, RENAME, ...), every later statement "
            "of the same transaction runs while that table is unreadable. If a later statement "
            "scans, rewrites, builds an index or updates rows, or (with no lock_timeout set) "
            "waits for a lock on another table, the outage lasts as long as that work. Each "
            "such statement is reported. In Alembic the lock must be taken earlier in the same "
            "revision: each revision may be deployed on its own, so one is not judged by what "
            "an earlier one left locked."
        ),
        example=(
            'op.add_column("orders", sa.Column("note", sa.Text()))\n'
            "op.execute(\"UPDATE orders SET note = '' WHERE note IS NULL\")"
        ),
        instead=(
            "Put the quick ACCESS EXCLUSIVE change last, or move the slow work to its own "
            "revision (with transaction_per_migration=True in env.py) or outside the transaction."
        ),
    )
)
def statements_after_access_exclusive(ctx: StatementContext) -> None:
    # Every slow statement while the lock is held is reported (each one lengthens the outage),
    # naming the earliest ACCESS EXCLUSIVE still held, on its own table if there is one.
    holds = ctx.state.holds.get(ctx.transaction.id, []) if ctx.in_transaction else []
    if not holds:
        return
    held = {h.table for h in holds}
    for action in ctx.facts.actions:
        locks = table_locks(action, ctx.pg_version)
        work = slow_work(action, ctx)
        # Waiting for a lock on another table while holding one chains the blocking; with
        # lock_timeout set, the wait is bounded and that part is not reported.
        other_lock = (
            None
            if ctx.lock_timeout_set()
            else next(
                (
                    lock
                    for lock in locks
                    if lock.mode >= LockMode.SHARE
                    and ctx.is_existing(lock.table)
                    and lock.table not in held
                ),
                None,
            )
        )
        if work is not None:
            what = work
        elif other_lock is not None:
            what = f"waits for {other_lock.mode.sql_name} on {other_lock.table} (no lock_timeout)"
        else:
            continue
        touched = {lock.table for lock in locks}
        hold = next((h for h in holds if h.table in touched), holds[0])
        ctx.report(
            "statements-after-access-exclusive",
            f"ACCESS EXCLUSIVE on {ctx.sized(hold.table)} (taken at line {hold.statement.line}) "
            f"is still held while this statement {what}",
            table=hold.table,
        )
        return
