"""Walk the units in history order: facts -> rules -> findings, keeping the schema model and the
transaction state up to date between statements.

Transactions follow the tool that runs the SQL:

* Alembic: one transaction for the whole run (the revisions linted together), unless env.py sets
  ``transaction_per_migration=True`` (one per revision). Statements inside
  ``autocommit_block()`` run on their own, and the block ends the transaction before it.
* ``.sql`` files (psql): every statement commits on its own unless inside BEGIN ... COMMIT, or
  the whole file is one transaction with ``--assume-in-transaction``.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterable
from dataclasses import dataclass

from migcheck.analysis.facts import (
    Action,
    ConstraintKind,
    CreateTable,
    DetachPartition,
    Dml,
    DropColumn,
    DropConstraint,
    DropIndex,
    DropTable,
    Facts,
    Kind,
    LockMode,
    LockTable,
    Reindex,
    SetSetting,
    TableLockOnly,
    TransactionControl,
    Truncate,
    ValidateConstraint,
)
from migcheck.analysis.locks import table_locks
from migcheck.facts_store import facts_for
from migcheck.model import ROWS_UNSEEN, Severity, Statement, Unit
from migcheck.rules import STATEMENT_CHECKS, UNIT_CHECKS
from migcheck.rules.base import (
    AccessExclusiveHold,
    Reporter,
    Settings,
    StatementContext,
    Transaction,
    UnitContext,
    UnitState,
)
from migcheck.rules.constraints import collect_foreign_keys
from migcheck.rules.effects import is_bookkeeping
from migcheck.schema import DEFAULT_SEARCH_PATH, SchemaModel, parse_search_path
from migcheck.sqlfile import split_sql


@dataclass(slots=True)
class AnalyzedStatement:
    """A statement with its facts (resolved against the schema model) and its transaction."""

    statement: Statement
    facts: Facts
    transaction_id: int
    in_transaction: bool


class Engine:
    """Lints units in order. One engine per project (or per group of ``.sql`` files)."""

    def __init__(self, settings: Settings, enabled: Iterable[str] | None = None) -> None:
        self.settings = settings
        self.schema = SchemaModel()
        self.reporter = Reporter(settings)
        enabled_set = set(enabled) if enabled is not None else None
        # Another database's syntax is not-postgresql's error; with that rule off, such a
        # statement is still shown, as one migcheck could not check.
        self._dialect_reported = enabled_set is None or "not-postgresql" in enabled_set
        self.statement_checks = [
            check
            for rule_id, check in STATEMENT_CHECKS.items()
            if enabled_set is None or rule_id in enabled_set
        ]
        self.unit_checks = [
            check
            for rule_id, check in UNIT_CHECKS.items()
            if enabled_set is None or rule_id in enabled_set
        ]
        self._transaction_ids = 0
        # Session state (one Alembic run, or one .sql file).
        self._transaction: Transaction | None = None
        self._session_lock_timeout = False
        self._session_time_zone: str | None = None
        self._session_search_path = DEFAULT_SEARCH_PATH
        # An explicit COMMIT ended Alembic's transaction: psycopg2 does not know, sends no
        # BEGIN, and every statement after it commits on its own until Alembic's own COMMIT
        # (the end of the revision with transaction_per_migration, else of the run). Which
        # driver a project runs: migcheck.project.project_driver.
        self._alembic_transaction_ended = False
        self._last_ddl: tuple[int, str] | None = None
        self._data_only_hint_given = False
        self._current_revision_unit: str | None = None
        # Every statement, with facts, for --show-sql and the rehearsal's predictions.
        self.analyzed: list[AnalyzedStatement] = []

    # ------------------------------------------------------------------ sessions

    def start_session(self) -> None:
        self._transaction = None
        self._alembic_transaction_ended = False
        self._session_lock_timeout = False
        self._session_time_zone = None
        self._session_search_path = self.schema.search_path = DEFAULT_SEARCH_PATH
        self._last_ddl = None
        self._data_only_hint_given = False

    def fold(self, unit: Unit) -> None:
        """Apply a unit to the schema model without checking it (history context)."""
        key = str(unit.file)
        if unit.revision is None:
            self.start_session()  # psql: a session per file
        for statement in unit.statements:
            for piece in pieces(statement):
                facts = facts_for(piece.sql)
                for action in facts.actions:
                    self.schema.apply(action, unit=key, transaction=-1)
                    self._follow_search_path(action, None)
                if facts.defines_type:
                    self.schema.define_type(facts.defines_type)

    def _follow_search_path(self, action: Action, transaction: Transaction | None) -> None:
        """SET [LOCAL] search_path, RESET, RESET ALL: where the schema model finds and creates
        tables named without a schema. SET LOCAL lasts until the transaction block ends (and
        is not followed in folded history, ``transaction`` None)."""
        if not isinstance(action, SetSetting) or action.name not in ("search_path", "all"):
            return
        path = parse_search_path(action.value if action.name == "search_path" else None)
        if not action.local:
            self._session_search_path = path
            if transaction is not None:
                transaction.search_path_local = None
        elif transaction is not None and transaction.explicit:
            transaction.search_path_local = path
        self.schema.search_path = (
            transaction.search_path_local if transaction is not None else None
        ) or self._session_search_path

    def lint_unit(self, unit: Unit) -> None:
        key = str(unit.file)
        state = UnitState(key=key)
        self._report_render_state(unit)
        if unit.revision is not None and self.settings.transaction_per_migration:
            self._transaction = None
            self._alembic_transaction_ended = False
        if unit.revision is not None:
            # Production usually applies only the new revisions, each possibly on its own: a
            # SET lock_timeout in an earlier revision does not protect this one.
            self._session_lock_timeout = False
            if self._transaction is not None:
                self._transaction.lock_timeout_local = False
                self._transaction.lock_timeout_reported = False
        if unit.revision is None:
            # psql: a session per file; outside any transaction until BEGIN.
            self.start_session()
            if self.settings.assume_in_transaction:
                self._transaction = self._new_transaction(explicit=True)
        for statement in unit.statements:
            for piece in pieces(statement):
                self._statement(unit, state, piece)
        open_transaction = self._transaction if unit.revision is None else None
        unit_ctx = UnitContext(
            unit=unit,
            state=state,
            schema=self.schema,
            settings=self.settings,
            reporter=self.reporter,
            open_transaction=open_transaction,
        )
        for check in self.unit_checks:
            check(unit_ctx)
        if unit.revision is not None:
            self._data_only_hint(unit, state)
        if unit.problem is not None or unit.standins:
            # Not all of it was seen (a data migration over rows lint's database does not
            # have, a failure partway): it may have filled the columns added empty.
            self.schema.forget_empty_columns()

    # ------------------------------------------------------------------ statements

    def _statement(self, unit: Unit, state: UnitState, statement: Statement) -> None:
        transaction = self._enter(unit, statement)
        # A SET LOCAL search_path ends with its transaction block.
        self.schema.search_path = transaction.search_path_local or self._session_search_path
        facts = self._resolve(facts_for(statement.sql), statement)
        ctx = StatementContext(
            statement=statement,
            facts=facts,
            unit=unit,
            state=state,
            schema=self.schema,
            settings=self.settings,
            transaction=transaction,
            session_lock_timeout=self._session_lock_timeout,
            reporter=self.reporter,
            session_time_zone=self._session_time_zone,
        )
        if not facts.parsed and not (facts.non_postgres and self._dialect_reported):
            self.reporter.add(
                "unparsed-statement",
                f"not checked: {facts.note or 'statement not understood'}",
                statement=statement,
                unit=unit,
            )
        for check in self.statement_checks:
            check(ctx)
        self.analyzed.append(
            AnalyzedStatement(statement, facts, transaction.id, transaction.explicit)
        )
        self._bookkeeping(ctx)
        for action in facts.actions:
            self.schema.apply(action, unit=state.key, transaction=transaction.id)
        if facts.kind is Kind.OTHER or not facts.parsed:
            # A DO block, a procedure, a statement lint does not read: it may fill any column
            # (`migcheck rename` backfills in a DO block).
            self.schema.forget_empty_columns()
        if facts.defines_type:
            self.schema.define_type(facts.defines_type)
        self._leave(unit, statement, facts, transaction)

    def _resolve(self, facts: Facts, statement: Statement) -> Facts:
        """Fill in what the SQL does not say but the schema model (or the Alembic op) knows:
        the table of DROP INDEX / REINDEX INDEX, the tables that a dropped table's, a dropped
        foreign key's or a detached partition's foreign keys reference."""
        changed = False
        actions: list[Action] = []
        for action in facts.actions:
            resolved = action
            if isinstance(action, DetachPartition | DropTable) and not action.references:
                skip = (action.table, getattr(action, "partition", None))
                referenced = self._referenced_by(action.table, skip)
                if referenced:
                    resolved = dataclasses.replace(action, references=referenced)
                    changed = True
            if isinstance(action, DropConstraint) and not action.references:
                constraint = self.schema.constraint(action.table, action.name)
                if (
                    constraint is not None
                    and constraint.kind is ConstraintKind.FOREIGN_KEY
                    and constraint.references
                    and constraint.references != action.table
                ):
                    resolved = dataclasses.replace(action, references=(constraint.references,))
                    changed = True
            if isinstance(action, DropColumn) and not action.references:
                referenced = self._referenced_by(action.table, (action.table,), action.column)
                if referenced:
                    resolved = dataclasses.replace(action, references=referenced)
                    changed = True
            if isinstance(action, DropIndex | Reindex) and action.table is None:
                name = action.name
                index = self.schema.index(name) if name else None
                table = index.table if index is not None else None
                if table is None and isinstance(action, DropIndex):
                    op_table = statement.op_args.get("table_name")
                    table = op_table if isinstance(op_table, str) else None
                if table is not None:
                    resolved = dataclasses.replace(action, table=table)
                    changed = True
            actions.append(resolved)
        if not changed:
            return facts
        return dataclasses.replace(facts, actions=actions)

    def _referenced_by(
        self, table: str | None, skip: tuple[str | None, ...], column: str | None = None
    ) -> tuple[str, ...]:
        """The tables ``table``'s foreign keys reference (those on ``column``, if given), as
        far as the schema model knows, ``skip`` aside."""
        found = self.schema.table(table)
        if found is None:
            return ()
        return tuple(
            sorted(
                {
                    c.references
                    for c in found.constraints.values()
                    if c.kind is ConstraintKind.FOREIGN_KEY
                    and c.references
                    and c.references not in skip
                    and (column is None or column in c.columns)
                }
            )
        )

    def _new_transaction(
        self, *, explicit: bool, started_at: Statement | None = None
    ) -> Transaction:
        self._transaction_ids += 1
        return Transaction(id=self._transaction_ids, explicit=explicit, started_at=started_at)

    def _enter(self, unit: Unit, statement: Statement) -> Transaction:
        """The transaction the statement runs in."""
        if unit.revision is not None:
            if not statement.in_transaction:
                current = self._transaction
                if current is not None and current.started_at is not None:
                    # BEGIN sent inside autocommit_block(): its transaction, until COMMIT.
                    return current
                self._transaction = None  # autocommit_block() committed it
                return self._new_transaction(explicit=False)
            if self._transaction is None:
                if self._alembic_transaction_ended:
                    return self._new_transaction(explicit=False)
                self._transaction = self._new_transaction(explicit=True)
            return self._transaction
        if self._transaction is None:
            return self._new_transaction(explicit=False)
        return self._transaction

    def _leave(
        self, unit: Unit, statement: Statement, facts: Facts, transaction: Transaction
    ) -> None:
        for action in facts.actions:
            if isinstance(action, TransactionControl):
                if action.verb == "begin" and not transaction.explicit:
                    self._transaction = self._new_transaction(explicit=True, started_at=statement)
                elif action.verb in ("commit", "rollback") and transaction.explicit:
                    # psql; in a revision, Alembic's transaction (see above) unless it was
                    # one the revision itself began.
                    if (
                        unit.revision is not None
                        and transaction.started_at is None
                        and not self.settings.driver_begins_after_commit
                    ):
                        self._alembic_transaction_ended = True
                    self._transaction = None
                elif action.verb == "reconnect":
                    # psql's \c: a new session, with none of the settings made before.
                    self.start_session()
            elif isinstance(action, SetSetting) and action.name in ("lock_timeout", "all"):
                # RESET ALL (name "all", no value) also drops a lock_timeout set before.
                enabled = _timeout_enabled(action.value)
                if action.local:
                    if transaction.explicit:
                        transaction.lock_timeout_local = enabled
                else:
                    self._session_lock_timeout = enabled
            self._follow_search_path(action, transaction)
            if isinstance(action, SetSetting) and action.name in ("timezone", "all"):
                zone = action.value if action.name == "timezone" else None
                if zone is not None and zone.strip("'\" ").upper() in ("DEFAULT", "LOCAL"):
                    zone = None  # back to the server's zone, which the migration does not say
                if action.local:
                    if transaction.explicit:
                        transaction.time_zone_local = zone
                else:
                    self._session_time_zone = zone

    def _bookkeeping(self, ctx: StatementContext) -> None:
        """Record what later checks need: DDL and DML per transaction, ACCESS EXCLUSIVE holds,
        new foreign keys."""
        state, transaction, facts = ctx.state, ctx.transaction, ctx.facts
        collect_foreign_keys(ctx)
        if not transaction.explicit:
            return
        for action in facts.actions:
            if isinstance(action, Truncate) or (
                isinstance(action, Dml) and action.verb == "delete" and not action.has_where
            ):
                ctx.note_emptied(action.table)
            # Rules and bookkeeping run before the action is folded into the schema model, so
            # the table a CREATE TABLE creates is not known yet and would look existing: it is
            # no change to an existing table (its PARTITION OF parent's lock still counts).
            creates = action.table if isinstance(action, CreateTable) else None
            if creates is None and ctx.is_existing(action.table):
                if facts.kind is Kind.DDL and not _changes_no_schema(action):
                    state.ddl_tables.setdefault(transaction.id, []).append(
                        (action.table or "", ctx.statement)
                    )
                elif facts.kind is Kind.DML and not is_bookkeeping(action.table):
                    state.dml_statements.setdefault(transaction.id, []).append(
                        (action.table or "", ctx.statement)
                    )
            for lock in table_locks(action, self.settings.pg_version):
                if (
                    lock.mode is LockMode.ACCESS_EXCLUSIVE
                    and lock.table != creates
                    and ctx.is_existing(lock.table)
                ):
                    holds = state.holds.setdefault(transaction.id, [])
                    if all(h.table != lock.table for h in holds):
                        holds.append(AccessExclusiveHold(lock.table, ctx.statement))

    # ------------------------------------------------------------------ unit-level reports

    def _report_render_state(self, unit: Unit) -> None:
        if unit.problem is not None:
            checked = (
                f"checked up to statement {len(unit.statements)}"
                if unit.statements
                else "not checked"
            )
            self.reporter.add(
                "render-failed",
                f"{unit.label} {checked}: {unit.problem.message}",
                unit=unit,
                line=unit.problem.line or 1,
            )
        standins = [name for name in unit.standins if name != ROWS_UNSEEN]
        # An operation Alembic lacks: a plugin's (alembic-autogenerate-enums'
        # op.sync_enum_values) that is not installed here. It rendered nothing at all.
        for operation in [n.removeprefix("alembic.op.") for n in standins if n.startswith(_OP)]:
            self.reporter.add(
                "render-failed",
                f"{unit.label} not fully checked: op.{operation}() is an operation of an Alembic "
                "plugin that is not installed here, so it rendered no SQL and what it does is "
                "not checked (install the plugin where migcheck runs)",
                unit=unit,
                line=_line_of_call(unit, operation),
            )
        standins = [name for name in standins if not name.startswith(_OP)]
        if standins:
            self.reporter.add(
                "render-approximate",
                f"rendered with stand-ins for {', '.join(standins)}, which could not be "
                "used here; SQL built from them is approximate",
                unit=unit,
                line=1,
            )
        if ROWS_UNSEEN in unit.standins:
            self.reporter.add(
                "render-approximate",
                "rendered on an empty throwaway database, as it reads the application's rows: "
                "what it does for each row read (an UPDATE or INSERT per row) is not seen here; "
                "`migcheck rehearse` runs it on seeded tables",
                unit=unit,
                line=1,
            )

    def _data_only_hint(self, unit: Unit, state: UnitState) -> None:
        """A data-only revision right after a schema revision, in the same transaction."""
        ddl_here = {tx for tx, items in state.ddl_tables.items() if items}
        dml_here = {tx for tx, items in state.dml_statements.items() if items}
        if (
            not ddl_here
            and dml_here
            and self._last_ddl is not None
            and self._last_ddl[0] in dml_here
            and not self.settings.transaction_per_migration
            and not self._data_only_hint_given
        ):
            _, statement = state.dml_statements[self._last_ddl[0]][0]
            self.reporter.add(
                "mixed-schema-and-data",
                f"this data-only revision runs in one transaction with the schema changes of "
                f"{self._last_ddl[1]} when both are applied together; set "
                "transaction_per_migration=True in env.py's context.configure()",
                statement=statement,
                unit=unit,
                severity=Severity.INFO,
            )
            self._data_only_hint_given = True
        if ddl_here and self._transaction is not None and self._transaction.id in ddl_here:
            self._last_ddl = (self._transaction.id, unit.label)
        elif self._transaction is None or (
            self._last_ddl is not None and self._last_ddl[0] != self._transaction.id
        ):
            self._last_ddl = None


def pieces(statement: Statement) -> list[Statement]:
    """``op.execute("A; B")`` is two statements on the same line."""
    if ";" not in statement.sql:
        return [statement]
    parts = split_sql(statement.sql)
    if len(parts) <= 1:
        return [statement]
    return [dataclasses.replace(statement, sql=part.sql) for part in parts]


def _changes_no_schema(action: Action) -> bool:
    """VALIDATE, LOCK TABLE and COMMENT ON change no schema: a data change after them is not
    "mixed" (a LOCK's own hold is what statements-after-access-exclusive is for)."""
    return isinstance(action, ValidateConstraint | LockTable) or (
        isinstance(action, TableLockOnly) and action.description == "COMMENT ON"
    )


def _timeout_enabled(value: str | None) -> bool:
    if value is None:
        return False
    text = value.strip().strip("'\"").lower()
    return text not in ("0", "0ms", "0s", "default", "")


_OP = "alembic.op."


def _line_of_call(unit: Unit, operation: str) -> int:
    """The line of the first ``op.<operation>(`` (or ``batch_op.<operation>(``) in the unit's
    file (1 if not found)."""
    try:
        source = unit.file.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return 1
    match = re.search(rf"\b\w*op\s*\.\s*{re.escape(operation)}\s*\(", source)
    return source.count("\n", 0, match.start()) + 1 if match else 1
