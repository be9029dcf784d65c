"""Apply revisions to a live database the way ``alembic upgrade`` does, without env.py.

env.py usually imports the application (settings, models, an async engine), so migcheck runs the
revisions itself: each module is loaded by :class:`~migcheck.loading.Loader` (stand-ins
included), ``upgrade()`` runs under a real Alembic ``MigrationContext`` bound to our
connection, with Alembic's own transaction handling (one transaction per run, or per revision
with ``transaction_per_migration``; ``autocommit_block()`` commits and runs outside). Every
statement sent to the server is recorded with its line in the revision file, and observers can
hook before and after it (the rehearsal's instruments).

Used by the lint's database fallback (:mod:`migcheck.render_online`) and by ``rehearse``.
"""

from __future__ import annotations

import contextlib
import re
import time
from collections.abc import Callable, Generator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

import psycopg
import sqlalchemy as sa
from alembic.runtime.migration import MigrationContext
from psycopg.pq import TransactionStatus
from sqlalchemy import exc as sa_exc

from migcheck.dialect_hooks import Run, watch
from migcheck.loading import EnvOptions
from migcheck.model import RenderProblem, Revision, Statement, Unit
from migcheck.render import (
    Loader,
    Recorder,
    RecordingOperations,
    describe_exception,
    environment,
    inline_parameters,
    naming_options,
    quiet,
    sqlalchemy_1x_calls,
)
from migcheck.sqlfile import SPACE_AND_COMMENTS

VERSION_TABLE = "alembic_version"
# COMMIT, END, ROLLBACK, ABORT, comments around them (not ROLLBACK TO SAVEPOINT, not COMMIT
# PREPARED): a statement that ends the transaction Alembic began.
ENDS_TRANSACTION = re.compile(
    rf"{SPACE_AND_COMMENTS}(?:COMMIT|END|ROLLBACK|ABORT)(?:\s+(?:WORK|TRANSACTION))?"
    rf"(?:\s+AND\s+(?:NO\s+)?CHAIN)?\s*;?{SPACE_AND_COMMENTS}$",
    re.IGNORECASE | re.DOTALL,
)


# Statements a data migration sends row by row, from a loop (ROW_BY_ROW), and the reads it
# makes per row too (LOOPED: foldable, see StatementObserver.again).
ROW_BY_ROW = re.compile(r"\s*(INSERT|UPDATE|DELETE)\b", re.IGNORECASE)
LOOPED = re.compile(r"\s*(INSERT|UPDATE|DELETE|SELECT)\b", re.IGNORECASE)
# The values a statement's SQL has inline: string literals (E'' too), numbers, NULL.
_VALUES = re.compile(r"[Ee]?'(?:[^']|'')*'|\b\d+(?:\.\d+)?(?:[eE][-+]?\d+)?\b|\bNULL\b")


def shape(sql: str) -> str:
    """``sql`` with its values replaced by ``?`` (as pg_stat_statements normalizes)."""
    return _VALUES.sub("?", sql)


def loop_shape(statement: str, parameters: Any, many: bool) -> str | None:
    """The shape of a SELECT, INSERT, UPDATE or DELETE as the driver is handed it (None for
    any other statement, and for an executemany): its text when the values travel apart as
    parameters (the same text each time), else its text without the values it has inline."""
    if many or not LOOPED.match(statement):
        return None
    return statement if parameters else shape(statement)


LoopKey = tuple[str, str, int, str | None]
"""A statement's shape (:func:`loop_shape`), revision file, line and operation: what the runs
of one statement of a loop share."""


class StatementObserver(Protocol):
    """Called around every statement the revisions send (not around migcheck's own queries)."""

    def before(self, statement: Statement, key: LoopKey | None) -> None:
        """``key``: for a statement a loop may send again (see :meth:`again`), else None."""

    def after(self, statement: Statement, seconds: float, rows: int) -> None:
        """``rows``: the statement's row count as the driver reports it (-1: none)."""

    def failed(self, statement: Statement, error: BaseException) -> None: ...

    def again(self, key: LoopKey) -> bool:
        """The statement about to run, in a transaction, has the ``key`` of one that ran
        before it: a data migration's loop sends one UPDATE (or SELECT, INSERT, DELETE) per
        row, the same from the same line with other values. True to count it as another run
        of that one: it is not recorded, and :meth:`ran_again` follows instead of
        :meth:`before` and :meth:`after` (a run that fails is recorded and reported as a
        statement of its own)."""

    def ran_again(self, seconds: float, rows: int) -> None: ...

    def transaction_ends(self) -> None:
        """The migration's connection is about to commit or roll back (its locks go then):
        every time, migcheck's own transactions included."""


class OnlineContext(MigrationContext):
    """A live MigrationContext that tells the recorder when statements run outside the
    transaction (inside ``autocommit_block()``)."""

    recorder: Recorder
    # Inside a transaction that will be rolled back (the lint's fallback): mark, never commit.
    rollback_only: bool = False

    @contextmanager
    def autocommit_block(self) -> Generator[None, None, None]:
        if self.rollback_only:
            with self._marked_autocommit():
                yield
        else:
            # Alembic commits first: that ends a psycopg2-style autocommit after a revision's
            # own COMMIT (OnlineRunner.begins_after_commit), which must not outlast the block.
            with super().autocommit_block(), self._marked_autocommit():
                yield

    @contextmanager
    def _marked_autocommit(self) -> Generator[None, None, None]:
        previous = self.recorder.in_autocommit
        self.recorder.in_autocommit = True
        try:
            yield
        finally:
            self.recorder.in_autocommit = previous


@dataclass
class AppliedRevision:
    unit: Unit
    seconds: float
    error: BaseException | None = None


@dataclass
class OnlineRunner:
    """Runs ``upgrade()`` (or ``downgrade()``) of revisions on ``connection``.

    ``connection`` must not be in a transaction; the runner opens them as Alembic would. What
    the revisions send is watched from the engine's dialect (see :mod:`migcheck.dialect_hooks`):
    on ``connection``, and on the connections a revision opens itself on the engine. Call
    :meth:`close` before closing ``connection``.
    """

    connection: sa.Connection
    loader: Loader
    ini_file: Path | None = None
    transaction_per_migration: bool = False
    observer: StatementObserver | None = None
    rollback_only: bool = False
    begins_after_commit: bool = True
    """What the project's driver does after a COMMIT a revision sends itself (``op.execute(
    "COMMIT")``): psycopg 3 (this connection's) begins a new transaction; psycopg2 does not, and
    every statement runs on its own until Alembic's own commit (see
    :func:`migcheck.project.driver_begins_after_commit`). False plays psycopg2's part on this
    psycopg 3 connection."""
    rewritten: tuple[str, Any] | None = field(default=None, init=False)
    """What the revision sent, when a SQLAlchemy listener changed it on its way to the driver
    (lint's rolled-back rendering does, see :mod:`migcheck.render_online`): recorded as sent."""
    _recorder: Recorder | None = field(default=None, init=False)
    _internal: bool = field(default=False, init=False)
    # In a hook: what the observer sends meanwhile (catalog snapshots) is migcheck's own.
    _busy: bool = field(default=False, init=False)
    _started: float = field(default=0.0, init=False)
    _driver_autocommit: bool = field(default=False, init=False)  # see begins_after_commit
    # The statement running now, when it is another run of an earlier one: its SQL and
    # values, recorded only if it fails (see StatementObserver.again).
    _again: tuple[str, Any, bool] | None = field(default=None, init=False)
    # The revision's first database error (with its line), even one it caught and went on
    # from: what it met next may only be 25P02.
    _errors: list[tuple[BaseException, int | None]] = field(default_factory=list, init=False)
    _raw: Any = field(default=None, init=False)  # the driver's connection under ``connection``
    _unwatch: Run = field(default=lambda: None, init=False)

    def __post_init__(self) -> None:
        self._raw = self.connection.connection.dbapi_connection
        self._unwatch = watch(self.connection.engine, self)

    def close(self) -> None:
        self._unwatch()

    # ------------------------------------------------------------------ dialect hooks

    def send(
        self, context: Any, cursor: Any, statement: str, parameters: Any, many: bool, run: Run
    ) -> None:
        """A statement on a connection of the engine (see :class:`dialect_hooks.Watcher`)."""
        if self._internal or self._recorder is None:
            run()
            return
        if getattr(context, "root_connection", None) is not self.connection:
            # Another connection: perhaps on a thread of the revision's, while one of the
            # migration's statements runs (``_busy``).
            self.record_elsewhere(statement, parameters, many)
            run()
            return
        sent, self.rewritten = self.rewritten, None
        if self._busy:  # sent by the observer itself
            run()
            return
        if sent is not None:
            statement, parameters = sent
        self._busy = True
        try:
            key = self._loop_key(statement, parameters, many)
            if key is not None and self.observer is not None and self.observer.again(key):
                self._run_again(cursor, statement, parameters, many, run)
                return
            self._before(statement, parameters, many, key)
            try:
                run()
            except BaseException as error:
                self._failed(error)
                raise
            self._after(cursor)
        finally:
            self._busy = False

    def _run_again(
        self, cursor: Any, statement: str, parameters: Any, many: bool, run: Run
    ) -> None:
        """Another run of a loop's statement (see :meth:`StatementObserver.again`): the one
        path a data migration's loop takes thousands of times, so it is kept short."""
        assert self.observer is not None
        self._again = (statement, parameters, many)
        started = time.perf_counter()
        try:
            run()
        except BaseException as error:
            self._failed(error)
            raise
        seconds = time.perf_counter() - started
        self._again = None
        rows = cursor.rowcount
        self.observer.ran_again(seconds, rows if isinstance(rows, int) else -1)

    def end(self, dbapi_connection: Any, verb: str, finish: Run) -> None:
        """A connection of the engine commits or rolls back."""
        mine = getattr(dbapi_connection, "dbapi_connection", dbapi_connection) is self._raw
        if self._busy or not mine:
            finish()
            return
        self._busy = True
        try:
            self._transaction_ends(verb)
            if self.observer is not None:
                self.observer.transaction_ends()
            try:
                finish()
            except BaseException as error:
                if not self._internal and self._recorder is not None:
                    self._failed(error)
                raise
        finally:
            self._busy = False

    def _loop_key(self, statement: str, parameters: Any, many: bool) -> LoopKey | None:
        """The key of a statement a loop may send again, for an observer to fold (None
        outside a transaction: each such statement is its own)."""
        recorder = self._recorder
        assert recorder is not None
        if self.observer is None or recorder.in_autocommit or self._driver_autocommit:
            return None
        shape = loop_shape(statement, parameters, many)
        if shape is None:
            return None
        line = recorder.line_override
        if line is None:
            line = recorder.call_line()[0]
        op = type(recorder.op_stack[-1]).__name__ if recorder.op_stack else None
        return shape, recorder.file_key, line, op

    def _before(self, statement: str, parameters: Any, many: bool, key: LoopKey | None) -> None:
        assert self._recorder is not None
        self._again = None
        recorded = self._recorder.record(inline_parameters(statement, parameters, many))
        if self.observer is not None:
            self.observer.before(recorded, key)
        self._started = time.perf_counter()

    def record_elsewhere(self, statement: str, parameters: Any, many: bool) -> None:
        """A statement on another connection of the engine, one the revision opened itself:
        ``op.get_bind().engine.begin()`` (manila's first revision creates its 18 tables so, as
        sqlalchemy-migrate scripts did). It is recorded, so that lint sees the tables it
        makes; an observer is not told (the rehearsal's instruments watch the migration's
        connection: its locks, its transaction)."""
        recorder = self._recorder  # once: on a thread of the revision's, it may end meanwhile
        if self._internal or recorder is None:
            return
        recorder.record(inline_parameters(statement, parameters, many))

    def _after(self, cursor: Any) -> None:
        recorder = self._recorder
        if recorder is None or not recorder.statements:
            return
        rows = getattr(cursor, "rowcount", -1)
        rows = rows if isinstance(rows, int) else -1
        recorded = recorder.statements[-1]
        if not self.begins_after_commit:
            self._play_psycopg2(recorded, recorder)
        if self.observer is not None:
            self.observer.after(recorded, time.perf_counter() - self._started, rows)

    def _play_psycopg2(self, recorded: Statement, recorder: Recorder) -> None:
        """After the revision's own COMMIT psycopg2 sends no BEGIN: nor does this connection
        (not after COMMIT AND CHAIN, which begins the next transaction on the server itself).
        From then on a statement is outside a transaction until the revision sends BEGIN
        itself, and again after its next COMMIT: as the server says."""
        raw = self.connection.connection.dbapi_connection
        if raw is None:
            return
        idle = raw.info.transaction_status == TransactionStatus.IDLE
        if idle and recorded.in_transaction and ENDS_TRANSACTION.match(recorded.sql):
            raw.autocommit = True
            self._driver_autocommit = True
        if self._driver_autocommit:
            recorder.in_autocommit = idle

    def _transaction_ends(self, verb: str) -> None:
        """SQLAlchemy ends its transaction: a connection left in autocommit after a revision's
        own COMMIT goes back to transactions. Its own commit then has nothing to do, unless the
        revision sent BEGIN meanwhile: psycopg2 would end that transaction with ``verb``."""
        if not self._driver_autocommit:
            return
        raw = self.connection.connection.dbapi_connection
        if raw is not None:
            if raw.info.transaction_status != TransactionStatus.IDLE:
                raw.execute(verb)
            raw.autocommit = False
        self._driver_autocommit = False
        if self._recorder is not None:
            self._recorder.in_autocommit = False

    def _failed(self, error: BaseException) -> None:
        """The statement (or the commit) failed: the observer is told, and the revision's
        first database error kept (what it meets next may only be 25P02)."""
        recorder = self._recorder
        assert recorder is not None
        if self._again is not None and self.observer is not None:
            # Another run of an earlier statement failed: it is a statement of its own now
            # (and whatever the observer raises must not replace the statement's error).
            again, self._again = self._again, None
            with contextlib.suppress(Exception):
                self.observer.before(recorder.record(inline_parameters(*again)), None)
        if not self._errors and isinstance(error, psycopg.Error):
            line = recorder.statements[-1].line if recorder.statements else None
            self._errors.append((error, line))
        if not recorder.statements:
            return
        if self.observer is not None:
            # Whatever an observer raises here would replace the statement's own error (or
            # Ctrl-C): an instrument must never do that.
            with contextlib.suppress(Exception):
                self.observer.failed(recorder.statements[-1], error)

    @contextmanager
    def internal(self) -> Generator[None, None, None]:
        """migcheck's own queries (version table, catalogs) are not revision statements."""
        previous = self._internal
        self._internal = True
        try:
            yield
        finally:
            self._internal = previous

    # ------------------------------------------------------------------ running

    def current_heads(self) -> set[str]:
        with self.internal():
            exists = self.connection.execute(
                sa.text("SELECT to_regclass(:name) IS NOT NULL"), {"name": VERSION_TABLE}
            ).scalar()
            if not exists:
                self.connection.rollback()
                return set()
            rows = self.connection.execute(sa.text(f"SELECT version_num FROM {VERSION_TABLE}"))
            heads = {row[0] for row in rows}
            self.connection.rollback()
            return heads

    def run(
        self,
        revisions: Sequence[Revision],
        *,
        direction: str = "upgrade",
        on_revision: Callable[[Revision], None] | None = None,
        on_done: Callable[[AppliedRevision], None] | None = None,
        stop_on_error: bool = True,
    ) -> list[AppliedRevision]:
        """Apply ``revisions`` in order (for downgrade: pass them in downgrade order).

        With ``rollback_only``, everything runs in one transaction that is rolled back."""
        if self.rollback_only:
            with self.internal():
                self._ensure_version_table()
            outer = self.connection.begin()  # an "external" transaction: Alembic leaves it be
        # The config names this database, as env.py would: a revision that opens its own
        # connection from it (``engine_from_config``) reaches the same server.
        env = environment(
            self.ini_file,
            as_sql=False,
            url=self.connection.engine.url.render_as_string(hide_password=False),
        )
        context = OnlineContext(
            self.connection.dialect,
            self.connection,
            {
                "transaction_per_migration": self.transaction_per_migration,
                **naming_options(self.loader.naming_convention),
            },
            env,
        )
        context.rollback_only = self.rollback_only
        if self.loader.stand_ins:  # lint's database: env.py's own options are stand-ins too
            context.opts = EnvOptions(context.opts)
        applied: list[AppliedRevision] = []
        env._migration_context = context  # type: ignore[attr-defined]
        env._install_proxy()
        try:
            if not self.rollback_only:
                with self.internal():
                    self._ensure_version_table()
            with context.begin_transaction():
                for revision in revisions:
                    if on_revision is not None:
                        on_revision(revision)
                    result = self._apply_in_its_transaction(context, revision, direction)
                    applied.append(result)
                    if on_done is not None:
                        on_done(result)
                    if result.error is not None and stop_on_error:
                        raise _Stop(result)
        except _Stop:
            if self.connection.in_transaction():
                self.connection.rollback()
        finally:
            env._remove_proxy()
            if self.rollback_only and self.connection.in_transaction():
                outer.rollback()  # type: ignore[possibly-undefined]
        return applied

    def _apply_in_its_transaction(
        self, context: OnlineContext, revision: Revision, direction: str
    ) -> AppliedRevision:
        """With transaction_per_migration, a revision that fails has its transaction rolled
        back, as Alembic's would be (its error is caught in _apply_one, so leaving the block
        normally would commit what it did before failing). Without, the run's one transaction
        is rolled back by run()."""
        result: AppliedRevision | None = None
        try:
            with context.begin_transaction(_per_migration=True):
                result = self._apply_one(context, revision, direction)
                if result.error is not None and self.transaction_per_migration:
                    raise _Undo
        except _Undo:
            pass
        assert result is not None
        return result

    def replay(
        self, revisions: Sequence[Revision], *, on_note: Callable[[str], None] | None = None
    ) -> list[AppliedRevision]:
        """Apply revisions that are context, not under test (to reach a start state, or to
        read the schema): each in its own transaction, and a revision that fails only because
        a statement cannot run inside a transaction block (it would fail in production too,
        and lint says so) is applied again with every statement in autocommit."""
        results: list[AppliedRevision] = []
        for revision in revisions:
            done = self.run([revision])
            if done and _sqlstate(done[-1].error) == ACTIVE_SQL_TRANSACTION:
                if on_note is not None:
                    on_note(
                        f"revision {revision.id} cannot run in a transaction "
                        f"({done[-1].unit.problem.message if done[-1].unit.problem else ''}); "
                        "applied again outside one to reach the start state"
                    )
                previous = self.connection.get_isolation_level()
                if self.connection.in_transaction():
                    self.connection.rollback()
                self.connection.execution_options(isolation_level="AUTOCOMMIT")
                try:
                    done = self.run([revision])
                finally:
                    self.connection.execution_options(isolation_level=previous)
            results.extend(done)
            if not done or done[-1].error is not None:
                break
        return results

    def _apply_one(
        self, context: OnlineContext, revision: Revision, direction: str
    ) -> AppliedRevision:
        recorder = Recorder(file=revision.file, revision=revision.id, dialect=context.dialect)
        unit = Unit(
            file=revision.file, revision=revision, statements=recorder.statements, online=True
        )
        recorder.in_autocommit = self._driver_autocommit  # a COMMIT in an earlier revision
        context.recorder = recorder
        self._recorder = recorder
        self._again = None
        started = time.perf_counter()
        error: BaseException | None = None
        # The first database error, even one the revision catches and goes on from: what it
        # meets next is only "current transaction is aborted" (25P02).
        self._errors.clear()
        try:
            with self.loader.importable(), quiet(), sqlalchemy_1x_calls():
                module, unit.standins = self.loader.load(revision.file)
                function = getattr(module, direction, None)
                if not callable(function):
                    raise RuntimeError(f"the revision has no {direction}() function")
                operations = RecordingOperations(context)
                operations.recorder = recorder
                operations.stand_ins = self.loader.stand_ins
                operations._install_proxy()  # type: ignore[attr-defined]
                try:
                    function()
                finally:
                    operations._remove_proxy()  # type: ignore[attr-defined]
                    unit.standins = self.loader.used_standins()
            with self.internal():
                self._move_version(revision, direction)
        except Exception as exc:  # the revision's own failure: report it, keep the runner sane
            error = exc
            unit.problem = describe_exception(exc, revision.file, offline=False)
            if isinstance(exc, sa_exc.DBAPIError) and exc.orig is not None:
                unit.problem = RenderProblem(
                    message=_pg_error(exc), line=unit.problem.line or _last_line(unit)
                )
                if _sqlstate(exc) == IN_FAILED_SQL_TRANSACTION and self._errors:
                    cause, line = self._errors[0]
                    unit.problem = RenderProblem(
                        message=f"{_pg_error(cause)} (the revision caught it and went on; "
                        "every later statement of the transaction was refused, 25P02)",
                        line=line or unit.problem.line,
                    )
        finally:
            self.loader.release()
            self._recorder = None
        return AppliedRevision(unit=unit, seconds=time.perf_counter() - started, error=error)

    def _ensure_version_table(self) -> None:
        self.connection.execute(
            sa.text(
                f"CREATE TABLE IF NOT EXISTS {VERSION_TABLE} ("
                "version_num VARCHAR(32) NOT NULL, "
                f"CONSTRAINT {VERSION_TABLE}_pkc PRIMARY KEY (version_num))"
            )
        )
        self.connection.commit()

    def _move_version(self, revision: Revision, direction: str) -> None:
        """Alembic's head bookkeeping: the revision replaces its parents (upgrade) or its
        parents replace it (downgrade)."""
        if direction == "upgrade":
            for parent in revision.down_revisions:
                self.connection.execute(
                    sa.text(f"DELETE FROM {VERSION_TABLE} WHERE version_num = :v"), {"v": parent}
                )
            self.connection.execute(
                sa.text(f"INSERT INTO {VERSION_TABLE} (version_num) VALUES (:v)"),
                {"v": revision.id},
            )
        else:
            self.connection.execute(
                sa.text(f"DELETE FROM {VERSION_TABLE} WHERE version_num = :v"), {"v": revision.id}
            )
            for parent in revision.down_revisions:
                self.connection.execute(
                    sa.text(
                        f"INSERT INTO {VERSION_TABLE} (version_num) VALUES (:v) ON CONFLICT DO NOTHING"
                    ),
                    {"v": parent},
                )


ACTIVE_SQL_TRANSACTION = "25001"  # "cannot run inside a transaction block"
IN_FAILED_SQL_TRANSACTION = "25P02"  # "current transaction is aborted"


def _sqlstate(error: BaseException | None) -> str | None:
    orig = getattr(error, "orig", None)
    return getattr(orig, "sqlstate", None) or getattr(getattr(orig, "diag", None), "sqlstate", None)


class _Stop(Exception):
    def __init__(self, result: AppliedRevision) -> None:
        super().__init__(str(result.error))
        self.result = result


class _Undo(Exception):
    """Leaves a failed revision's own transaction by rolling it back."""


def _pg_error(exc: BaseException) -> str:
    """PostgreSQL's error, from SQLAlchemy's wrapping of it or from the driver's own."""
    orig = getattr(exc, "orig", None) or exc
    diag = getattr(orig, "diag", None)
    lines = str(orig).strip().splitlines()
    primary = getattr(diag, "message_primary", None) or (lines[0] if lines else type(orig).__name__)
    code = getattr(diag, "sqlstate", None) or getattr(orig, "sqlstate", None)
    return f"PostgreSQL error{f' {code}' if code else ''}: {primary}"


def _last_line(unit: Unit) -> int | None:
    return unit.statements[-1].line if unit.statements else None
