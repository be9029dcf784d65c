"""The lint's database fallback: render a revision that reads the database on a throwaway one.

Some revisions ask the database questions (``op.get_bind().execute(SELECT ...)``,
``sa.inspect(bind)``) and build their statements from the answers; offline there is no answer.
For those, migcheck starts one embedded PostgreSQL per lint run (only when a revision needs it),
applies the history before the revision (schema only: the tables are empty), then runs the
revision inside a transaction that is rolled back, recording every statement it sends.
Statements inside ``autocommit_block()`` are recorded but not executed, so nothing escapes the
rollback.
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Sequence
from typing import Any

import sqlalchemy as sa
from sqlalchemy import event
from sqlalchemy import exc as sa_exc

from migcheck.analysis.facts import Kind
from migcheck.analysis.locks import cannot_run_in_transaction
from migcheck.analysis.parse import analyze
from migcheck.errors import MigcheckError
from migcheck.loading import StandIn, _Approximation
from migcheck.model import Revision, Unit
from migcheck.online import AppliedRevision, OnlineRunner
from migcheck.placeholders import MAX_PLACEHOLDERS, placeholder_for, placeholder_note
from migcheck.project import AlembicProject
from migcheck.render import (
    MAX_STANDINS,
    RENDER_TIMEOUT_SECONDS,
    Loader,
    RenderTimeout,
    describe_exception,
    render_offline,
    time_limit,
)


class DatabaseFallback:
    """One throwaway server for the whole lint run, advanced revision by revision."""

    def __init__(self, project: AlembicProject, loader: Loader) -> None:
        self.project = project
        self.loader = loader
        self._stack = contextlib.ExitStack()
        self._engine: sa.Engine | None = None
        self._applied: set[str] = set()
        # History revisions that failed on the throwaway database (skipped, see _apply).
        self._failed: set[str] = set()
        self._broken: str | None = None

    def _connect(self) -> sa.Connection:
        if self._engine is None:
            from migcheck.rehearse.backends import open_database

            database = self._stack.enter_context(open_database("embedded"))
            # A statement that waits on the server (pg_sleep, a lock the revision's own second
            # connection holds) is cancelled by the server itself, just before the time limit
            # would interrupt the client in the middle of it.
            timeout_ms = max(100, int(RENDER_TIMEOUT_SECONDS * 1000) - 500)
            self._engine = sa.create_engine(
                database.url,
                poolclass=sa.pool.NullPool,
                connect_args={"options": f"-c statement_timeout={timeout_ms}"},
            )
            event.listen(self._engine, "connect", _stand_ins_as_null)
            self._stack.callback(self._engine.dispose)
        return self._engine.connect()

    def render(self, revision: Revision, before: Sequence[str]) -> Unit | None:
        """The revision rendered on the throwaway database; failing that, offline with its
        reads of the application's tables answered "no rows" (what the schema-only database
        would have answered, had the history created those tables: histories whose first
        tables were made by ``create_all()`` do not; where both stop partway, the one that got
        further); None when neither renders it (the database's reason is then in
        :attr:`unavailable`)."""
        online = self._render_online(revision, before)
        if online is not None and (online.problem is None or online.problem.timed_out):
            return online  # a revision that hangs would hang offline too: not twice
        last_resort = render_offline(revision, self.loader, self.project.ini_file, empty_reads=True)
        if last_resort.problem is None:
            return last_resort
        if online is not None and len(last_resort.statements) > len(online.statements):
            # Both stop partway: the rendering that got further has more to check.
            return last_resort
        if online is not None and online.problem is not None:
            online.problem.message = f"on the throwaway database: {online.problem.message}"
        return online

    def _render_online(self, revision: Revision, before: Sequence[str]) -> Unit | None:
        if self._broken is not None:
            return None
        try:
            with self._connect() as connection:
                runner = OnlineRunner(connection, self.loader, self.project.ini_file)
                try:
                    pending = [
                        self.project.history.revisions[rid]
                        for rid in before
                        if rid not in self._applied and rid not in self._failed
                    ]
                    for earlier in pending:
                        if not self._apply(runner, earlier):
                            return None  # the connection went with it; the next one is new
                    return self._render_rolled_back(connection, runner, revision)
                finally:
                    runner.close()
        except MigcheckError as exc:
            self._broken = str(exc)
            return None
        except sa_exc.SQLAlchemyError as exc:
            self._broken = str(exc).splitlines()[0]
            return None

    @property
    def unavailable(self) -> str | None:
        """Why the throwaway database cannot be used at all, if it cannot."""
        return self._broken

    def _apply(self, runner: OnlineRunner, revision: Revision) -> bool:
        """Apply one revision of the history before the one being rendered, in its own
        transaction. A revision that fails there (a bug it has, a stand-in the database
        rejects) is rolled back and skipped: the later revisions are still applied, so one
        broken revision does not take the fallback away from every revision after it.

        False when it took longer than the time limit: it is skipped too, and the connection,
        which may be in the middle of a statement, is given up."""
        try:
            with time_limit(RENDER_TIMEOUT_SECONDS):
                applied = self._run_with_standins(runner, revision)
        except BaseException as exc:
            if _timed_out(exc) is None:
                raise
            self._failed.add(revision.id)
            _give_up(runner.connection)
            return False
        if applied and applied[-1].error is None:
            self._applied.add(revision.id)
        else:
            self._failed.add(revision.id)
            if runner.connection.in_transaction():
                runner.connection.rollback()
        return True

    def _run_with_standins(self, runner: OnlineRunner, revision: Revision) -> list[AppliedRevision]:
        """Run the revision; when it fails on an import inside ``upgrade()`` (or a name an
        installed module lacks), stand it in and run the revision again: its transaction was
        rolled back, so it starts over as it does offline. When it fails on a foreign key to a
        table no revision creates (a history continuing another project's), make that table up
        (:mod:`migcheck.placeholders`) and run it again."""
        applied = runner.run([revision])
        made: list[str] = []
        for _attempt in range(MAX_STANDINS + MAX_PLACEHOLDERS):
            error = applied[-1].error if applied else None
            if error is None:
                break
            connection = runner.connection
            if connection.in_transaction():
                connection.rollback()
            if self.loader.stand_in_for(error, revision.file):
                applied = runner.run([revision])
                continue
            earlier = [statement.sql for statement in applied[-1].unit.statements]
            if len(made) >= MAX_PLACEHOLDERS or not self._make_placeholder(
                connection, error, earlier, made
            ):
                break
            applied = runner.run([revision])
        if made and applied:
            unit = applied[-1].unit
            unit.standins = (*unit.standins, *map(placeholder_note, made))
        return applied

    @staticmethod
    def _make_placeholder(
        connection: sa.Connection, error: BaseException, earlier: list[str], made: list[str]
    ) -> bool:
        ddl = placeholder_for(error, connection, earlier)
        if connection.in_transaction():
            connection.rollback()
        if ddl is None or ddl in made:
            return False
        try:
            with connection.begin():
                connection.exec_driver_sql(ddl)
        except sa_exc.DBAPIError:
            return False
        made.append(ddl)
        return True

    def _render_rolled_back(
        self, connection: sa.Connection, runner: OnlineRunner, revision: Revision
    ) -> Unit | None:
        def run_here(
            conn: Any, cursor: Any, statement: str, parameters: Any, context: Any, many: bool
        ) -> tuple[str, Any]:
            # What each statement sends on this connection (see _in_the_rolled_back_transaction);
            # the runner records it as the revision sent it.
            sent = statement, parameters
            if context.compiled is None and not parameters and "%" in statement:
                # Driver SQL without parameters (exec_driver_sql("SELECT format('%I', ...)")):
                # SQLAlchemy still hands psycopg an empty parameter list, and psycopg then
                # reads % as a placeholder. asyncpg projects (prefect) send it as it is: so do
                # we, to get their SQL.
                statement = statement.replace("%", "%%")
            recorder = runner._recorder
            if recorder is not None and recorder.in_autocommit and not runner._internal:
                runnable = _in_the_rolled_back_transaction(statement)
                if runnable != statement:
                    statement, parameters = runnable, {}
            if (statement, parameters) != sent and recorder is not None and not runner._internal:
                runner.rewritten = sent
            return statement, parameters

        event.listen(connection, "before_cursor_execute", run_here, retval=True)
        try:
            runner.rollback_only = True
            with time_limit(RENDER_TIMEOUT_SECONDS):
                results = self._run_with_standins(runner, revision)
        except BaseException as exc:
            # The limit may land in the middle of a statement; rolling back then fails with
            # "another command is already in progress" and hides it: look along the chain.
            timeout = _timed_out(exc)
            if timeout is None:
                raise
            _give_up(connection)
            problem = describe_exception(timeout, revision.file)
            return Unit(file=revision.file, revision=revision, statements=[], problem=problem)
        finally:
            runner.rollback_only = False
            event.remove(connection, "before_cursor_execute", run_here)
        if not results:
            return None
        unit = results[0].unit
        unit.depends_on = self.loader.project_modules()
        if unit.problem is not None:
            unit.problem.needs_database = False
            # statement_timeout (query_canceled): it would wait as long offline.
            unit.problem.timed_out = "PostgreSQL error 57014" in unit.problem.message
        unit.statements = [s for s in unit.statements if analyze(s.sql).kind is not Kind.QUERY]
        return unit

    def close(self) -> None:
        self._stack.close()


def _stand_ins_as_null(dbapi_connection: Any, _record: Any) -> None:
    """A stand-in passed as a parameter (``status=AppEnum.ACTIVE.value`` where the application
    is not importable) is sent as NULL, as offline it is written: psycopg cannot adapt it."""
    from psycopg.adapt import Dumper

    class StandInDumper(Dumper):
        def dump(self, obj: Any) -> None:
            _Approximation.used = True

    dbapi_connection.adapters.register_dumper(StandIn, StandInDumper)


# Functions whose effect the rollback does not undo (sequences, other sessions) or that wait.
_SIDE_EFFECTS = re.compile(
    r"\b(setval|nextval|pg_advisory\w*|pg_terminate_backend|pg_cancel_backend|pg_sleep\w*|"
    r"dblink\w*|lo_\w+|pg_notify)\s*\(",
    re.IGNORECASE,
)
# CONCURRENTLY, where the same statement without it runs in a transaction block.
_CONCURRENTLY = re.compile(
    r"^(\s*(?:CREATE\s+(?:UNIQUE\s+)?INDEX|DROP\s+INDEX|REINDEX\s+(?:\(.*?\)\s*)?(?:INDEX|TABLE)))"
    r"\s+CONCURRENTLY\b",
    re.IGNORECASE | re.DOTALL,
)
# Commands PostgreSQL never runs in a transaction block that the analysis has no action for.
_NEVER_IN_TRANSACTION = re.compile(
    r"^\s*(?:CREATE\s+DATABASE|DROP\s+DATABASE|ALTER\s+SYSTEM|CREATE\s+TABLESPACE|"
    r"DROP\s+TABLESPACE|(?:CREATE|DROP)\s+SUBSCRIPTION|CLUSTER\s*;?\s*$)",
    re.IGNORECASE,
)
# What a statement that must not run answers: no rows, rowcount 0 (so that a batched backfill,
# ``while True: ... if result.rowcount <= 0: break``, ends).
NOTHING = "SELECT 1 WHERE false"


def _in_the_rolled_back_transaction(statement: str) -> str:
    """What to run for a statement of an autocommit block, which here runs inside the
    transaction that is rolled back: the statement itself when it can (reads, data changes,
    transactional DDL: prefect checks pg_index before and after it builds an index), without
    CONCURRENTLY where that is what stops it (on the schema-only database a plain build is as
    quick), else :data:`NOTHING` (VACUUM, COMMIT, a function whose effect would outlast the
    rollback)."""
    facts = analyze(statement)
    if (
        facts.kind is Kind.TRANSACTION
        or _SIDE_EFFECTS.search(statement)
        or _NEVER_IN_TRANSACTION.match(statement)
    ):
        return NOTHING
    if any(cannot_run_in_transaction(action, 18) for action in facts.actions):
        plain = _CONCURRENTLY.sub(r"\1", statement, count=1)
        if plain == statement or any(
            cannot_run_in_transaction(action, 18) for action in analyze(plain).actions
        ):
            return NOTHING
        return plain
    return statement


def _timed_out(exc: BaseException) -> RenderTimeout | None:
    """The time limit behind ``exc``: itself, or what an error raised while unwinding (a
    rollback of a connection busy with a statement) was handling."""
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        if isinstance(current, RenderTimeout):
            return current
        seen.add(id(current))
        current = current.__cause__ or current.__context__
    return None


def _give_up(connection: sa.Connection) -> None:
    """Cancel what the connection runs on the server (best effort) and close it for good."""
    with contextlib.suppress(Exception):
        dbapi = connection.connection.dbapi_connection
        if dbapi is not None:
            dbapi.cancel_safe(timeout=2.0)  # type: ignore[attr-defined]  # psycopg's
    with contextlib.suppress(Exception):
        connection.invalidate()
