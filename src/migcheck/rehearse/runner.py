"""``migcheck rehearse``: replay revisions on a production-sized database and measure.

1. Get a database (:mod:`.backends`).
2. Bring it to the state before the revisions under test (``--from``/``--since``), then fill
   every table with realistic rows (:mod:`.seeder`, :mod:`.seed`) that meet what the revisions
   under test assume of them (:mod:`.lookahead`). Without ``--from``/``--since`` every revision is
   rehearsed as its own deploy: before each one, the tables that exist are filled first.
3. Replay the revisions as Alembic would (same transactions, ``autocommit_block()``), with the
   instruments on (:mod:`.instruments`): per statement its duration, the locks it took and how
   long they were held, rewritten tables, built indexes, and how long the probes' reads and
   writes waited for a lock.
4. Put lint's prediction beside each statement, list the mismatches, check the budgets.
"""

from __future__ import annotations

import bisect
import functools
import re
import sys
import time
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa

from migcheck import __version__
from migcheck.analysis.facts import AddColumn, Dml, LockMode
from migcheck.analysis.locks import table_locks
from migcheck.analysis.names import bare
from migcheck.config import MigcheckConfig
from migcheck.errors import RehearsalError
from migcheck.lint import LintOptions, LintResult, lint
from migcheck.loading import project_modules
from migcheck.model import Revision, Statement
from migcheck.online import ENDS_TRANSACTION, ROW_BY_ROW, AppliedRevision, LoopKey, OnlineRunner
from migcheck.project import (
    AlembicProject,
    driver_begins_after_commit,
    find_project,
    project_driver,
    refuse_broken_history,
)
from migcheck.rehearse.backends import (
    BACKENDS,
    DEFAULT_IMAGE,
    Database,
    choose_backend,
    docker_available,
    open_database,
)
from migcheck.rehearse.instruments import (
    LockMonitor,
    Pace,
    Probes,
    StatementWaits,
    relation_snapshot,
    rewritten,
)
from migcheck.rehearse.lookahead import look_ahead
from migcheck.rehearse.model import (
    BlockedModel,
    BudgetViolationModel,
    LockModel,
    MismatchModel,
    RehearsalModel,
    RevisionModel,
    RowLocksModel,
    StatementModel,
)
from migcheck.rehearse.row_locks import row_lock_target
from migcheck.rehearse.seeder import Seeder
from migcheck.rehearse.start_schema import apply_start_schema, read_start_schema
from migcheck.render import Loader
from migcheck.report.paths import display_path

if TYPE_CHECKING:
    pass

# Lock modes that block writes (and ACCESS EXCLUSIVE also reads): what --max-lock-ms watches.
WRITE_BLOCKING = {
    LockMode.SHARE,
    LockMode.SHARE_ROW_EXCLUSIVE,
    LockMode.EXCLUSIVE,
    LockMode.ACCESS_EXCLUSIVE,
}


@dataclass
class Budgets:
    max_lock_ms: float | None = None
    max_blocked_ms: float | None = None
    max_statement_ms: float | None = None
    max_duration: float | None = None  # seconds
    # Rows of an existing table an UPDATE or DELETE kept locked until its transaction ended.
    max_row_lock_ms: float | None = None


@dataclass
class RehearseOptions:
    path: Path
    config: MigcheckConfig = field(default_factory=MigcheckConfig)
    section: str = "alembic"
    backend: str = "auto"
    image: str = "postgres:17"
    database_url: str | None = None
    allow_writes: bool = False
    from_revision: str | None = None
    since: str | None = None
    default_rows: int | None = None  # None: from config
    rows_from: str | None = None
    downgrade: bool = False
    budgets: Budgets = field(default_factory=Budgets)
    probe_interval_ms: float = 5.0
    start_schema: Path | None = None
    """SQL applied first, then stamped at the start (see :mod:`.start_schema`)."""


class RehearsalProgress:
    """What the CLI shows while it runs (no-op by default)."""

    def status(self, text: str) -> None: ...

    def seeding(self, table: str, done: int, total: int) -> None: ...

    def revision_done(self, revision: RevisionModel) -> None: ...


# --------------------------------------------------------------------------- observation


@dataclass
class _Observed:
    statement: Statement
    index: int
    start: float
    end: float | None = None
    rewritten: list[str] = field(default_factory=list)
    indexes_built: list[str] = field(default_factory=list)
    # Tables that did not exist when the run started (created by it): not contention.
    new_tables: list[str] = field(default_factory=list)
    # It rewrote a table, built an index, or made or dropped a relation itself.
    changed_schema: bool = False
    error: str | None = None
    rows: int = -1  # the driver's row count (-1: none)
    shape: str | None = None  # row-by-row statements: the SQL without its values
    repeat: bool = False  # see Instruments._repeats
    # A loop's runs of this statement (see Instruments.again): how many, their time in all and
    # the longest one's (the first run's alone until then).
    runs: int = 1
    busy: float = 0.0
    longest: float = 0.0
    # When the statements before it had all ended: a query that began after that and before
    # this one waited for this one (see Probes.waits).
    since: float | None = None
    # The loop's traffic waits are reported on its first statement, over the loop's whole
    # time (waits_until); its other statements, whose runs took turns with the first's,
    # report none (waits_elsewhere) rather than the same waits again.
    waits_until: float | None = None
    waits_elsewhere: bool = False

    @property
    def seconds(self) -> float | None:
        """The statement's time: its runs' in all for a loop's (not the loop's own Python)."""
        if self.end is None:
            return None
        return self.busy if self.runs > 1 else self.end - self.start


# Row-by-row statements cannot change a relfilenode or build an index: no catalog snapshot
# after them (a data migration may send thousands, each would pay another round trip).
_CANNOT_REWRITE = re.compile(r"\s*(INSERT|UPDATE|DELETE|SET|RESET|SHOW)\b", re.IGNORECASE)


class Instruments:
    """A :class:`~migcheck.online.StatementObserver` with the lock monitor, probes and
    relfilenode snapshots of one instrumented run."""

    def __init__(
        self, connection: sa.Connection, database: Database, tables: list[str], interval: float
    ) -> None:
        self.connection = connection
        pid = connection.exec_driver_sql("SELECT pg_backend_pid()").scalar()
        connection.rollback()
        self._snapshot: dict[int, Any] = self._relations()
        connection.rollback()
        existing = {oid for oid, relation in self._snapshot.items() if relation.kind != "i"}
        self._existing = existing
        self.pace = Pace(interval)
        self.probes = Probes(database.conninfo, tables, self.pace)
        self.monitor = LockMonitor(
            database.conninfo,
            int(pid or 0),
            self.pace,
            existing,
            on_blocking_lock=self.probes.add_later,
        )
        self.probes.on_started = self.monitor.watch_probes
        self.observed: list[_Observed] = []
        # When the migration's locks were let go of (see Probes.waits).
        self.releases: list[float] = []
        # The first row locks per transaction and table, for the report (see _rows_locked).
        self.first_row_locks: dict[tuple[int, str], RowLocksModel] = {}
        # len(releases) when the transaction running now began: what follows is about it.
        self._transaction = 0
        # The shapes of the row-by-row statements run in this transaction so far: see _repeats.
        self._shapes: set[str] = set()
        # The statements of the loop running now, by LoopKey (see again): since the last
        # statement no loop sends, in this transaction.
        self._loop: dict[LoopKey, int] = {}
        self._loop_first = 0  # its first statement, which carries its waits
        self._folding = 0  # the statement the run going on now is another run of
        self._ended = 0.0  # when the statements so far had all ended

    def __enter__(self) -> Instruments:
        try:
            self.probes.start()
            self.monitor.watch_probes(self.probes.probes)
            self.monitor.start()
        except BaseException:
            # A probe that could not connect (or Ctrl-C meanwhile): close what was opened.
            self.__exit__()
            raise
        return self

    def __exit__(self, *exc: object) -> None:
        self.probes.stop()
        self.monitor.stop()

    def _relations(self) -> dict[int, Any]:
        raw = self.connection.connection.dbapi_connection
        assert raw is not None
        cursor = raw.cursor()
        try:
            return relation_snapshot(cursor)
        finally:
            cursor.close()

    # StatementObserver
    def before(self, statement: Statement, key: LoopKey | None) -> None:
        index = len(self.observed)
        if self._transaction != len(self.releases):  # a transaction ended: locks let go
            self._transaction = len(self.releases)
            self._shapes.clear()
            self._loop.clear()
        if key is None:
            self._loop.clear()
        else:
            if not self._loop:
                self._loop_first = index
            self._loop[key] = index
        # The shape the runner found for a row-by-row statement (see online.loop_shape).
        shape = key[0] if key is not None and ROW_BY_ROW.match(key[0]) else None
        repeat = shape is not None and self._repeats(statement, shape)
        # The start first, then wake the probes: a probe woken first could begin its query
        # before the recorded start, and a wait that began there belonged to no statement
        # (six waits of 100 ms reported instead of one of 600, about one run in ten).
        self.observed.append(
            _Observed(
                statement,
                index,
                time.perf_counter(),
                shape=shape,
                repeat=repeat,
                since=self._ended or None,
            )
        )
        # Wakes the probes too (they share the pace), unless the statement takes no new lock.
        self.monitor.statement_started(index, wake=not repeat)

    def after(self, statement: Statement, seconds: float, rows: int) -> None:
        current = self.observed[-1]
        current.end = time.perf_counter()
        current.rows = rows
        # Autocommit: its locks went with it. A COMMIT the revision sends itself
        # (op.execute("COMMIT")) ends the transaction without the connection's commit().
        if not statement.in_transaction or ENDS_TRANSACTION.match(statement.sql):
            self.releases.append(current.end)
        current.busy = current.longest = current.end - current.start
        self._ended = current.end
        if not current.repeat:
            self.monitor.sample()
            if current.shape is not None and statement.in_transaction:
                self._shapes.add(current.shape)
            # As the migration saw its tables when the statement began (the last snapshot: a
            # statement that could rename one is followed by a new snapshot).
            self.monitor.name_locks(current.index, self._snapshot)
        if _CANNOT_REWRITE.match(statement.sql):
            return
        after = self._relations()
        current.rewritten, current.indexes_built = rewritten(self._snapshot, after)
        current.new_tables = sorted(
            relation.name
            for oid, relation in after.items()
            if relation.kind != "i" and oid not in self._existing
        )
        current.changed_schema = bool(
            current.rewritten or current.indexes_built or after.keys() != self._snapshot.keys()
        )
        self._snapshot = after

    def again(self, key: LoopKey) -> bool:
        """Another run of a statement of the loop running now (the same statement from the same
        line with other values, in the same transaction, with only statements of the loop in
        between: a data migration's loop, one UPDATE per row, or a SELECT and an UPDATE per
        row) is one more run of it in the report rather than a statement of its own, unless
        that one failed or changed the schema (a SELECT calling a function that does). It
        takes the locks the first run took, held still, so nothing is polled or woken for it
        either; what it costs here is a counter, where a recorded statement costs its SQL
        with the values inlined, a catalog snapshot (a SELECT), a report entry and its
        blocking figures (20,000 single-row UPDATEs of the sample's slug backfill: 1.0 s)."""
        if self._transaction != len(self.releases):  # a transaction ended since
            return False
        index = self._loop.get(key)
        if index is None:
            return False
        known = self.observed[index]
        if known.end is None or known.error is not None or known.changed_schema:
            return False
        self._folding = index
        return True

    def ran_again(self, seconds: float, rows: int) -> None:
        current = self.observed[self._folding]
        now = time.perf_counter()
        current.end = self._ended = now
        current.runs += 1
        current.busy += seconds
        current.longest = max(current.longest, seconds)
        if rows >= 0:
            current.rows = max(current.rows, 0) + rows
        first = self.observed[self._loop_first]
        first.waits_until = now
        if first is not current:
            current.waits_elsewhere = True

    def transaction_ends(self) -> None:
        """A commit or rollback: the migration's locks are let go of."""
        self.releases.append(time.perf_counter())

    def _repeats(self, statement: Statement, shape: str) -> bool:
        """A row-by-row statement (INSERT, UPDATE, DELETE) of a ``shape`` (its SQL without its
        values) that ran already in this transaction: a data migration's loop, one UPDATE per
        row, or a few that take turns. Same shape, same tables: the locks it takes are those
        the first one took, held still. So no poll after it, and no waking of the monitor and
        the probes before it: for thousands of single-row UPDATEs those cost a round trip each
        and CPU the migration competes for. (A repeat that locks what the first did not, a
        row in another partition, is seen by the monitor's next poll.)"""
        return statement.in_transaction and shape in self._shapes

    def failed(self, statement: Statement, error: BaseException) -> None:
        current = self.observed[-1]
        current.end = self._ended = time.perf_counter()
        self._loop.clear()
        if not statement.in_transaction:
            self.releases.append(current.end)
        # Ctrl-C (KeyboardInterrupt) has no message at all.
        lines = str(getattr(error, "orig", None) or error).strip().splitlines()
        current.error = lines[0] if lines else type(error).__name__


# --------------------------------------------------------------------------- the run


@dataclass
class Rehearsal:
    report: RehearsalModel
    lint: LintResult


def rehearse(options: RehearseOptions, progress: RehearsalProgress | None = None) -> Rehearsal:
    progress = progress or RehearsalProgress()
    started = time.perf_counter()
    project = find_project(options.path, options.section)
    if len(project.history.heads) > 1 and not project.history.labelled_branches():
        heads = ", ".join(project.history.heads)
        raise RehearsalError(
            f"{project.script_location}: several heads ({heads}); `alembic upgrade head` "
            "refuses them too: merge them first (`alembic merge heads`)"
        )
    refuse_broken_history(project)
    config = options.config
    order = project.history.order
    under_test = _revisions_under_test(project, options)  # bad --from/--since: before any work
    start_sql = None
    if options.start_schema is not None:
        if options.backend == "url":
            raise RehearsalError(
                "--start-schema applies to a throwaway server (docker or embedded): a "
                "--database-url database has its schema already"
            )
        start_sql = read_start_schema(options.start_schema)  # unreadable: before any work
    if not under_test and options.backend != "url":
        # Said before a throwaway server is started: none would be used. (A --database-url is
        # still connected to and checked: a CI setup that cannot reach it must not stay green.)
        _check_backend_without_starting(options)
        report = RehearsalModel(
            version=__version__, backend="none (no server started)", server_version=0
        )
        report.warnings.append(f"nothing to rehearse: {_nothing_under_test(options)}")
        report.duration_seconds = round(time.perf_counter() - started, 3)
        return Rehearsal(report=report, lint=LintResult())
    progress.status("predicting with lint")
    imported_before = set(sys.modules)
    # As `migcheck lint` predicts by default: a revision that reads the database is rendered
    # on lint's own schema-only server (its statements after the read were otherwise never
    # predicted, and every lock they took showed up as a lint bug among the mismatches).
    predicted = lint(
        LintOptions(
            paths=[_lint_path(project, options.path)],
            config=config,
            section=options.section,
        )
    )
    _forget_project_modules(imported_before, [project.root, *project.sys_paths])
    with open_database(
        options.backend,
        image=options.image,
        database_url=options.database_url,
        allow_writes=options.allow_writes,
        on_status=progress.status,
    ) as database:
        report = RehearsalModel(
            version=__version__,
            backend=database.description,
            server_version=database.server_version,
        )
        if (
            database.backend != "docker"
            and options.backend == "auto"
            and options.image != DEFAULT_IMAGE
        ):
            progress.status(f"note: --image {options.image} is not used: no Docker engine answered")
        if config.pg_version != database.server_version:
            hint = " (--backend docker --image postgres:N picks one)" if database.throwaway else ""
            said = (
                "[tool.migcheck] pg-version is"
                if "pg_version" in config.model_fields_set
                else "production's PostgreSQL is taken to be (no [tool.migcheck] pg-version)"
            )
            progress.status(
                f"note: {said} {config.pg_version}, this server runs "
                f"PostgreSQL {database.server_version}: locks and rewrites can differ{hint}"
            )
        if project.env.delegates:
            report.warnings.append(
                "env.py does not call context.configure(): it hands the run to application "
                "code, whose connection and transactions are not known here; revisions run as "
                "Alembic's own env.py runs them (in a transaction, autocommit_block() aside)"
            )
        if options.start_schema is not None and start_sql is not None:
            stamp = _start_revisions(project, options, under_test)
            progress.status(
                f"applying {display_path(options.start_schema)}"
                + (f", stamped at {', '.join(stamp)}" if stamp else "")
                + " (not measured)"
            )
            apply_start_schema(database, options.start_schema, start_sql, stamp)
        engine = _migration_engine(database, project_driver(project)[0])
        try:
            _run(
                project,
                options,
                database,
                engine=engine,
                order=order,
                under_test=under_test,
                predicted=predicted,
                report=report,
                progress=progress,
            )
        finally:
            engine.dispose()
    report.duration_seconds = round(time.perf_counter() - started, 3)
    _check_budgets(report, options.budgets)
    report.failed = bool(report.budget_violations) or any(r.error for r in report.revisions)
    return Rehearsal(report=report, lint=predicted)


def _migration_engine(database: Database, driver: str) -> sa.Engine:
    """The engine the revisions run on: psycopg 3 always (the one driver migcheck ships), and
    for a project on psycopg2 in psycopg2's manner, where SQL differs: parameters bound on the
    client, and no ``::VARCHAR`` cast after each one. SQLAlchemy's psycopg dialect adds those
    casts, its psycopg2 dialect does not, and a string written to a json column is accepted
    only without one (gnocchi's 8f376189b9eb: "column "attributes" is of type json but
    expression is of type character varying" under psycopg 3, fine under psycopg2)."""
    if driver != "psycopg2":
        return sa.create_engine(database.url, poolclass=sa.pool.NullPool)
    import psycopg
    from sqlalchemy.engine.interfaces import BindTyping

    engine = sa.create_engine(
        database.url,
        poolclass=sa.pool.NullPool,
        connect_args={"cursor_factory": psycopg.ClientCursor},
    )
    engine.dialect.bind_typing = BindTyping.NONE
    return engine


def _nothing_under_test(options: RehearseOptions) -> str:
    if options.since and not options.from_revision:
        return f"no revision was added or changed since {options.since}"
    return "the project has no revision after the start"


def _check_backend_without_starting(options: RehearseOptions) -> None:
    """What opening the backend would have refused, short of starting a server."""
    if options.database_url is not None:
        raise RehearsalError(
            f"--database-url is only used with --backend url (backend: {options.backend})"
        )
    if options.backend == "docker":
        answered, why = docker_available()
        if not answered:
            raise RehearsalError(f"cannot reach the Docker engine: {why}")
    elif options.backend not in BACKENDS:
        choose_backend(options.backend)  # raises the one-line error


def _forget_project_modules(before: set[str], roots: Sequence[Path]) -> None:
    """Drop the project's own modules that lint imported: lint may have imported them with
    stand-ins for what they import, and the replay must import them for real (or fail as
    ``alembic upgrade`` would)."""
    # Installed packages stay, even when the environment lives inside the project (.venv):
    # importing SQLAlchemy a second time would make two of every class.
    for name, _ in list(project_modules(roots, [n for n in sys.modules if n not in before])):
        del sys.modules[name]


def _revisions_under_test(project: AlembicProject, options: RehearseOptions) -> list[str]:
    history = project.history
    order = history.order
    if options.from_revision:
        done = history.applied_at(_from_revisions(project, options.from_revision))
        return [rid for rid in order if rid not in done]
    if options.since:
        from migcheck.gitutil import changes_since

        changes = changes_since(options.since, project.root)
        changed = {
            rid for rid, rev in history.revisions.items() if rev.file.resolve() in changes.changed
        }
        if not changed:
            return []
        first = min(order.index(rid) for rid in changed)
        return order[first:]
    return list(order)


def _from_revisions(project: AlembicProject, refs: str) -> list[str]:
    try:
        return project.history.resolve_all(refs)
    except KeyError as missing:
        raise RehearsalError(
            f"--from {refs}: no revision {missing.args[0]!r} in {project.script_location}"
        ) from None


def _start_revisions(
    project: AlembicProject, options: RehearseOptions, under_test: Sequence[str]
) -> list[str]:
    """The revisions a --start-schema is at: --from's, or the parent of --since's first (none:
    before the first revision, or neither option given)."""
    history = project.history
    if options.from_revision:
        return _from_revisions(project, options.from_revision)
    if options.since and under_test:
        # The first revision's own parent: the one before it in the order may be on another
        # branch (not an ancestor), which the schema would then not include.
        parents = history.revisions[under_test[0]].down_revisions
        if len(parents) > 1:
            raise RehearsalError(
                f"--start-schema with --since: {under_test[0]} merges {', '.join(parents)}; "
                "give the revision the schema is at with --from"
            )
        return list(parents[:1])
    return []


def _run(
    project: AlembicProject,
    options: RehearseOptions,
    database: Database,
    *,
    engine: sa.Engine,
    order: list[str],
    under_test: list[str],
    predicted: LintResult,
    report: RehearsalModel,
    progress: RehearsalProgress,
) -> None:
    history = project.history
    # No stand-ins: SQL made from a stand-in's values would be rehearsed as if it were real.
    loader = Loader(
        sys_paths=[*project.sys_paths, project.root],
        stand_ins=False,
        naming_convention=project.env.naming_convention,
    )
    tpm = project.env.transaction_per_migration
    with engine.connect() as connection:
        runner = OnlineRunner(
            connection,
            loader,
            project.ini_file,
            transaction_per_migration=tpm,
            begins_after_commit=driver_begins_after_commit(project),
        )
        try:
            current = runner.current_heads()
            _refuse_unknown(current, history.revisions, database)
            applied = _applied_revisions(current, history)
            tested = [rid for rid in under_test if rid not in applied]
            if database.backend == "url" and not options.allow_writes:
                raise RehearsalError("refusing to write to --database-url without --allow-writes")
            already = [rid for rid in under_test if rid in applied]
            if already and (options.from_revision or options.since):
                start = (
                    f"--from {options.from_revision}"
                    if options.from_revision
                    else (f"--since {options.since}")
                )
                raise RehearsalError(
                    f"{database.description} is at {', '.join(sorted(current))}, past {start}: "
                    f"revision {already[-1]} is applied already, so it cannot be rehearsed there"
                )
            if not tested:
                why = (
                    "the database has every revision under test applied already"
                    if under_test
                    else _nothing_under_test(options)
                )
                report.warnings.append(f"nothing to rehearse: {why}")
                return  # no upgrade to the start, no seeding: nothing would be measured
            # Bring the database to the state before the revisions under test: every revision
            # not under test (--from on one branch: the other branch's revisions before it in
            # the order are under test, its own later ones are not).
            before = [rid for rid in order if rid not in applied and rid not in tested]
            if before:
                progress.status(f"upgrading to {before[-1]} (not measured)")
                results = runner.replay(
                    [history.revisions[r] for r in before], on_note=progress.status
                )
                failed = next((r for r in results if r.error is not None), None)
                if failed is not None or len(results) != len(before):
                    problem = failed.unit.problem if failed else None
                    where = ""
                    if failed is not None and failed.unit.revision is not None:
                        line = f":{problem.line}" if problem and problem.line else ""
                        where = f" at {failed.unit.revision.id} ({failed.unit.file.name}{line})"
                    raise RehearsalError(
                        f"could not upgrade to the revision before the ones under test{where}: "
                        f"{problem.message if problem else 'stopped'}"
                    )
            seeder = Seeder(
                database,
                options,
                report,
                progress,
                look_ahead(predicted, [history.revisions[r] for r in tested]),
            )
            # One deploy of the revisions under test, on tables filled before it: when told
            # where to start, or on a database that was at a revision already (a staging copy).
            # A fresh database rehearses every revision as its own deploy.
            if options.from_revision or options.since or applied:
                seeder.seed_new_tables()
                _instrumented(
                    runner,
                    database,
                    [history.revisions[r] for r in tested],
                    predicted=predicted,
                    report=report,
                    options=options,
                    progress=progress,
                )
            else:
                # Every revision as its own deploy, on full tables.
                for rid in tested:
                    seeder.seed_new_tables()
                    ok = _instrumented(
                        runner,
                        database,
                        [history.revisions[rid]],
                        predicted=predicted,
                        report=report,
                        options=options,
                        progress=progress,
                        under_test=[history.revisions[r] for r in tested],
                    )
                    if not ok:
                        break
        finally:
            runner.close()


def _refuse_unknown(current: set[str], revisions: dict[str, Revision], database: Database) -> None:
    unknown = sorted(current - set(revisions))
    if unknown:
        raise RehearsalError(
            f"{database.description} is at revision {', '.join(unknown)}, which this project "
            "does not know (the database is ahead of these migrations); refusing to touch it"
        )


def _applied_revisions(current: set[str], history: Any) -> set[str]:
    applied: set[str] = set()
    for head in current:
        applied |= history.ancestors(head) | {head}
    return applied


def _touched_tables(
    predicted: LintResult, revisions: Sequence[Revision], pg_version: int
) -> list[str]:
    files = {r.file for r in revisions}
    tables: set[str] = set()
    for analyzed in predicted.analyzed:
        if analyzed.statement.file in files:
            for action in analyzed.facts.actions:
                for lock in table_locks(action, pg_version):
                    tables.add(lock.table)
    return sorted(tables)


def _existing_tables(connection: sa.Connection, candidates: list[str]) -> list[str]:
    if not candidates:
        return []
    rows = connection.execute(
        sa.text(
            "SELECT name FROM unnest(CAST(:names AS text[])) AS name WHERE to_regclass(name) IS NOT NULL"
        ),
        {"names": candidates},
    ).fetchall()
    connection.rollback()
    return [row[0] for row in rows]


def _instrumented(
    runner: OnlineRunner,
    database: Database,
    revisions: list[Revision],
    *,
    predicted: LintResult,
    report: RehearsalModel,
    options: RehearseOptions,
    progress: RehearsalProgress,
    under_test: list[Revision] | None = None,
) -> bool:
    """One instrumented ``alembic upgrade`` of ``revisions``; False if a statement failed.
    ``under_test``: all the revisions the rehearsal replays (``revisions`` when None)."""
    if not revisions:
        return True
    connection = runner.connection
    with runner.internal():
        tables = _existing_tables(
            connection, _touched_tables(predicted, revisions, database.server_version)
        )
    interval = options.probe_interval_ms / 1000
    ok = True
    with runner.internal():
        instruments = Instruments(connection, database, tables, interval)
    runner.observer = instruments
    plan: list[tuple[Revision, str]] = []
    for revision in revisions:
        plan.append((revision, "upgrade"))
        if options.downgrade:
            plan += [(revision, "downgrade"), (revision, "upgrade")]
    results: list[tuple[AppliedRevision, str, int, int]] = []
    try:
        with instruments:
            if options.downgrade:
                # A round trip is three runs per revision, each its own transaction.
                for revision, direction in plan:
                    progress.status(f"{direction} {revision.id}")
                    first = len(instruments.observed)
                    done = runner.run([revision], direction=direction)
                    results.extend((r, direction, first, len(instruments.observed)) for r in done)
                    if not done or done[-1].error is not None:
                        ok = False
                        break
            else:
                marks: list[int] = []

                def mark(revision: Revision) -> None:
                    progress.status(f"upgrade {revision.id}")
                    marks.append(len(instruments.observed))

                done = runner.run(revisions, on_revision=mark)
                for position, applied in enumerate(done):
                    end = (
                        marks[position + 1]
                        if position + 1 < len(marks)
                        else len(instruments.observed)
                    )
                    results.append((applied, "upgrade", marks[position], end))
                ok = len(done) == len(revisions) and all(r.error is None for r in done)
    finally:
        runner.observer = None
    now = time.perf_counter()
    if instruments.monitor.error:
        report.warnings.append(
            f"the lock monitor stopped early ({instruments.monitor.error}); locks after that "
            "point are missing from this report"
        )
    lint_at = _lint_by_line(predicted, database.server_version)
    in_file = _lint_by_file(lint_at)
    for applied, direction, first, last in results:
        observed = instruments.observed[first:last]
        model = _revision_model(
            applied, direction, instruments, observed_here=observed, now=now, lint_at=lint_at
        )
        added = _column_left_empty(model, predicted, under_test or revisions)
        if model.error and added is not None:
            column, table, revision = added
            model.error += (
                f" ({table}.{column} was added by revision {revision} with no default, and no "
                "revision fills it before this one: it is NULL in every row that existed then, "
                "in production too, unless something outside the migrations (a data migration "
                "script) fills it in between)"
            )
        elif model.error and _about_seeded_rows(model, report):
            model.error += (
                " (if this is about values of the tables' rows: those are migcheck's seed, not "
                "production's; if production's rows do meet it, [tool.migcheck.rehearse.rows] "
                "gives a lookup table its real size and --rows-from reads production's row "
                "counts and shares of NULLs)"
            )
        report.revisions.append(model)
        _mismatches(model, observed, lint_at, in_file, report)
        progress.revision_done(model)
    return ok


def _lint_by_line(
    predicted: LintResult, pg_version: int
) -> dict[tuple[Path, int], tuple[list[str], dict[str, LockMode]]]:
    rules: dict[tuple[Path, int], list[str]] = defaultdict(list)
    for finding in predicted.findings:
        if finding.file is not None and finding.line is not None:
            rules[(finding.file, finding.line)].append(finding.rule)
    locks: dict[tuple[Path, int], dict[str, LockMode]] = defaultdict(dict)
    for analyzed in predicted.analyzed:
        key = (analyzed.statement.file, analyzed.statement.line)
        for action in analyzed.facts.actions:
            for lock in table_locks(action, pg_version):
                strongest = locks[key].get(lock.table)
                if strongest is None or lock.mode > strongest:
                    locks[key][lock.table] = lock.mode
    keys = set(rules) | set(locks)
    return {k: (sorted(set(rules.get(k, []))), locks.get(k, {})) for k in keys}


def _revision_model(
    applied: AppliedRevision,
    direction: str,
    instruments: Instruments,
    *,
    observed_here: list[_Observed],
    now: float,
    lint_at: dict[tuple[Path, int], tuple[list[str], dict[str, LockMode]]],
) -> RevisionModel:
    unit = applied.unit
    revision = unit.revision
    assert revision is not None
    statements = []
    for observed in observed_here:
        end = observed.end or now
        seconds = observed.seconds
        locks = [
            LockModel(
                table=lock.table,
                mode=lock.mode,
                held_ms=round(lock.held_ms(now, instruments.releases), 1),
            )
            for lock in instruments.monitor.locks
            if lock.statement == observed.index
        ]
        # A query that began between the previous statement and this one waits for this one.
        waits = StatementWaits()
        if not observed.waits_elsewhere:
            waits = instruments.probes.waits(
                observed.start,
                observed.waits_until or end,
                now,
                instruments.releases,
                since=observed.since,
            )
        blocked, waited = waits.blocked_ms, waits.waited_ms
        rules = lint_at.get((observed.statement.file, observed.statement.line), ([], {}))[0]
        statements.append(
            StatementModel(
                sql=observed.statement.sql,
                line=observed.statement.line,
                duration_ms=round((end - observed.start if seconds is None else seconds) * 1000, 1),
                repeated=observed.runs,
                longest_ms=round(observed.longest * 1000, 1) if observed.runs > 1 else None,
                in_transaction=observed.statement.in_transaction,
                locks=locks,
                rewritten=[bare(t) if t.startswith("public.") else t for t in observed.rewritten],
                indexes_built=observed.indexes_built,
                rows_locked=_rows_locked(
                    observed, now, instruments.releases, instruments.first_row_locks
                ),
                blocked_ms=BlockedModel(
                    read=round(blocked["read"], 1), write=round(blocked["write"], 1)
                ),
                waited_ms=BlockedModel(
                    read=round(max(waited["read"], blocked["read"]), 1),
                    write=round(max(waited["write"], blocked["write"]), 1),
                ),
                blocked_on=[bare(t) if t.startswith("public.") else t for t in waits.tables],
                predicted=rules if direction == "upgrade" else [],
                error=observed.error,
            )
        )
    problem = unit.problem
    return RevisionModel(
        revision=revision.id,
        file=str(revision.file),
        message=revision.message,
        direction=direction,
        duration_ms=round(applied.seconds * 1000, 1),
        statements=statements,
        error=_explained(problem.message) if problem else None,
        error_line=problem.line if problem else None,
    )


def _rows_locked(
    observed: _Observed,
    now: float,
    releases: Sequence[float],
    firsts: dict[tuple[int, str], RowLocksModel],
) -> list[RowLocksModel]:
    """The rows an UPDATE or DELETE changed, locked from its start until the first moment
    after it that the migration let go of its locks (see :mod:`.row_locks`).

    ``firsts`` (shared by all statements of a run, taken in order) holds the first row locks
    of each table in each transaction (known by the release that ends it): they count the
    rows of the later ones too.
    """
    if observed.rows <= 0 or observed.error is not None or observed.end is None:
        return []
    table = row_lock_target(observed.statement.sql)
    if table is None:
        return []
    after = bisect.bisect_left(releases, observed.end)
    released = releases[after] if after < len(releases) else now
    held_ms = max(released - observed.start, 0.0) * 1000
    locked = RowLocksModel(table=table, rows=observed.rows, held_ms=round(held_ms, 1))
    first = firsts.setdefault((after, table), locked)
    first.transaction_rows = (first.transaction_rows or 0) + observed.rows
    return [locked]


def _lint_path(project: AlembicProject, path: Path) -> Path:
    """What lint is given to predict the rehearsed revisions: the whole project, or the folder
    of one of parallel histories (versions/postgresql) when that is what is rehearsed."""
    if [loc.resolve() for loc in project.version_locations] == [path.resolve()]:
        return path
    # The folder of its alembic.ini: the project's root, or the migrations directory itself
    # when the ini lives there (Flask-Migrate; the root is then the application's folder).
    return project.ini_file.parent if project.ini_file else project.script_location


# Data exceptions (22: a value too long, out of range) and integrity violations (23: NOT NULL,
# unique, foreign key, CHECK): in a rehearsal, often about rows the seed made up. So is a
# revision's Python meeting None where a row or a value was (manila's 5077ffcc5f1c looks up a
# share by a seeded NULL: ``share_instance.id`` of no row).
_DATA_ERROR = re.compile(r"PostgreSQL error 2[23]|(?:AttributeError|TypeError): 'NoneType' object")


# PostgreSQL's words when SET NOT NULL (or a primary key) meets a NULL.
_NULLS_IN_COLUMN = re.compile(
    r'PostgreSQL error 23502: column "(?P<column>[^"]+)" of relation "(?P<table>[^"]+)" '
    r"contains null values"
)


def _column_left_empty(
    model: RevisionModel, predicted: LintResult, revisions: Sequence[Revision]
) -> tuple[str, str, str] | None:
    """(column, table, revision) when ``model`` failed on a NOT NULL of a column one of the
    rehearsed revisions added with no default and none of them UPDATEs before the failure:
    its NULLs are no seed's doing (glance's ocata_contract01 makes images.visibility NOT
    NULL, which ocata_expand01 added; glance-manage fills it in between, outside Alembic)."""
    match = _NULLS_IN_COLUMN.match(model.error or "")
    if match is None:
        return None
    column, table = match.group("column"), match.group("table")
    rehearsed = {revision.id for revision in revisions}
    added_in: str | None = None
    for analyzed in predicted.analyzed:  # in the order of the history
        revision, line = analyzed.statement.revision, analyzed.statement.line
        if revision == model.revision and line >= (model.error_line or 0):
            break  # the failing statement: what comes after it does not matter
        if revision not in rehearsed:
            continue
        for action in analyzed.facts.actions:
            if action.table is None or bare(action.table) != table:
                continue
            if isinstance(action, AddColumn) and action.column.name == column:
                spec = action.column
                filled = spec.default is not None or spec.identity or spec.serial
                added_in = None if filled or spec.generated_stored else revision
            elif (
                isinstance(action, Dml)
                and action.verb == "update"
                and added_in is not None
                and (not action.columns or column in action.columns)
            ):
                return None  # a backfill ran: its NULLs may come from the seeded rows
    return None if added_in is None else (column, table, added_in)


def _about_seeded_rows(model: RevisionModel, report: RehearsalModel) -> bool:
    """Whether a revision failed on a value of the rows the seed made, and not in a way that
    lint foresaw for any rows at all (ADD COLUMN ... NOT NULL with no default)."""
    if not report.seed.tables or not _DATA_ERROR.match(model.error or ""):
        return False
    failed = model.statements[-1] if model.statements else None
    return failed is None or "required-column-no-default" not in failed.predicted


def _explained(error: str) -> str:
    """A failure whose usual cause in a rehearsal is worth saying."""
    if error.startswith("PostgreSQL error 42P01"):  # undefined_table
        return (
            f"{error} (a rehearsal builds the schema from the migrations alone: a table the "
            "application makes with create_all() rather than a revision is missing; "
            "--start-schema hands such a schema over)"
        )
    if error.startswith(("ModuleNotFoundError", "ImportError")):
        # Lint stands in for what a revision imports; a rehearsal runs it for real.
        return (
            f"{error} (the revision imports code that cannot be imported here: run migcheck "
            "where the application is installed, e.g. `uv run --with migcheck migcheck "
            "rehearse` in its environment, or name its folder in prepend_sys_path)"
        )
    return error


def _lint_by_file(
    lint_at: dict[tuple[Path, int], tuple[list[str], dict[str, LockMode]]],
) -> dict[Path, dict[str, LockMode]]:
    """The strongest lock lint predicted on each table anywhere in each revision file: a
    revision that branches on whether it runs offline (``if bind is None``, airflow's fab
    provider) runs other lines in a rehearsal than lint rendered, with the same locks."""
    in_file: dict[Path, dict[str, LockMode]] = defaultdict(dict)
    for (file, _line), (_rules, locks) in lint_at.items():
        for table, mode in locks.items():
            in_file[file][table] = max(mode, in_file[file].get(table, mode))
    return in_file


def _mismatches(
    model: RevisionModel,
    observed_here: list[_Observed],
    lint_at: dict[tuple[Path, int], tuple[list[str], dict[str, LockMode]]],
    in_file: dict[Path, dict[str, LockMode]],
    report: RehearsalModel,
) -> None:
    """Observed beside predicted: a stronger lock than lint predicted is a lint bug."""
    if model.direction != "upgrade":
        return
    new_tables = {
        bare(t) if t.startswith("public.") else t for o in observed_here for t in o.new_tables
    }
    for observed, statement in zip(observed_here, model.statements, strict=True):
        key = (observed.statement.file, observed.statement.line)
        rules, predicted_locks = lint_at.get(key, ([], {}))
        if key not in lint_at:  # lint rendered nothing at this line: compare with the file
            # (see _lint_by_file)
            predicted_locks = in_file.get(observed.statement.file, {})
        strongest: dict[str, LockMode] = {}
        for lock in statement.locks:
            mode = LockMode.from_pg_name(lock.mode)
            table = lock.table.removeprefix("public.")
            if mode > strongest.get(table, LockMode.ACCESS_SHARE):
                strongest[table] = mode
        for table, mode in strongest.items():
            if mode < LockMode.SHARE_UPDATE_EXCLUSIVE or table in new_tables:
                continue
            expected = predicted_locks.get(table)
            if expected is None or mode > expected:
                report.mismatches.append(
                    MismatchModel(
                        revision=model.revision,
                        line=statement.line,
                        table=table,
                        kind="lock-stronger-than-predicted",
                        predicted=expected.pg_name if expected else None,
                        observed=mode.pg_name,
                        message=f"{mode.pg_name} observed on {table}; lint predicted "
                        f"{expected.pg_name if expected else 'no lock'}",
                    )
                )
        rewrite_rules = {"add-column-rewrite", "column-type-rewrite", "table-rewrite", "truncate"}
        for table in statement.rewritten:
            if table not in new_tables and not rewrite_rules & set(rules):
                report.mismatches.append(
                    MismatchModel(
                        revision=model.revision,
                        line=statement.line,
                        table=table,
                        kind="unpredicted-rewrite",
                        predicted=None,
                        observed="rewritten",
                        message=f"{table} was rewritten but lint predicted no rewrite",
                    )
                )


def _check_budgets(report: RehearsalModel, budgets: Budgets) -> None:
    def violation(
        budget: str,
        limit: float,
        *,
        value: float,
        revision: str | None,
        line: int | None,
        message: str,
        run: int | None = None,
        statement: int | None = None,
    ) -> None:
        report.budget_violations.append(
            BudgetViolationModel(
                budget=budget,
                limit=limit,
                value=round(value, 1),
                revision=revision,
                line=line,
                message=message,
                run=run,
                statement=statement,
            )
        )

    for run, rev in enumerate(report.revisions):
        for index, st in enumerate(rev.statements):
            where = f"line {st.line} of {rev.revision}"
            over = functools.partial(
                violation, revision=rev.revision, line=st.line, run=run, statement=index
            )
            took = st.slowest_run_ms
            if budgets.max_statement_ms is not None and took > budgets.max_statement_ms:
                runs = f" (the longest of its {st.repeated:,} runs)" if st.repeated > 1 else ""
                over(
                    "max-statement-ms",
                    budgets.max_statement_ms,
                    value=took,
                    message=f"statement at {where} took {took:.0f} ms{runs}",
                )
            if budgets.max_lock_ms is not None:
                # One violation per table: its longest hold over the limit (the stronger mode
                # when two were held as long, to the millisecond; a SHARE taken early can
                # outlast an ACCESS EXCLUSIVE taken later in the same statement).
                longest: dict[str, tuple[int, LockMode, float]] = {}
                for lock in st.locks:
                    mode = LockMode.from_pg_name(lock.mode)
                    exceeds = mode in WRITE_BLOCKING and lock.held_ms > budgets.max_lock_ms
                    rank = (round(lock.held_ms), mode, lock.held_ms)
                    if exceeds and (
                        lock.table not in longest or rank[:2] > longest[lock.table][:2]
                    ):
                        longest[lock.table] = rank
                for table, (_, mode, held_ms) in longest.items():
                    over(
                        "max-lock-ms",
                        budgets.max_lock_ms,
                        value=held_ms,
                        message=f"{mode.sql_name} lock on {table} held {held_ms:.0f} ms ({where})",
                    )
            if budgets.max_row_lock_ms is not None:
                # The first UPDATE or DELETE of a table in its transaction holds its rows the
                # longest, and carries the transaction's total: one violation per transaction
                # and table, not one per statement of a loop.
                for locked in st.rows_locked:
                    if (
                        locked.transaction_rows is not None
                        and locked.held_ms > budgets.max_row_lock_ms
                    ):
                        over(
                            "max-row-lock-ms",
                            budgets.max_row_lock_ms,
                            value=locked.held_ms,
                            message=f"{locked.transaction_rows:,} rows of {locked.table} "
                            f"locked {locked.held_ms:.0f} ms, until the transaction ended "
                            f"(from {where})",
                        )
            # A query's whole wait, counted where it began (a lock held across statements).
            waited = st.waited_ms
            worst = max(waited.read, waited.write)
            if budgets.max_blocked_ms is not None and worst > budgets.max_blocked_ms:
                tables = f", on {', '.join(st.blocked_on)}" if st.blocked_on else ""
                over(
                    "max-blocked-ms",
                    budgets.max_blocked_ms,
                    value=worst,
                    message=f"traffic waited {worst:.0f} ms (reads {waited.read:.0f}, writes "
                    f"{waited.write:.0f}{tables}) from {where}",
                )
    if budgets.max_duration is not None:
        # The migrations' own time, as a deploy would wait for it: each revision's upgrade
        # (its first one: --downgrade round trips are not part of a deploy). The server's start
        # and the seeding are not the migrations' doing.
        upgrades: dict[str, float] = {}
        for rev in report.revisions:
            if rev.direction == "upgrade":
                upgrades.setdefault(rev.revision, rev.duration_ms / 1000)
        total = sum(upgrades.values())
        if total > budgets.max_duration:
            slowest = max(upgrades, key=lambda revision: upgrades[revision])
            violation(
                "max-duration",
                budgets.max_duration,
                value=total,
                revision=slowest,
                line=None,
                message=f"the revisions took {total:.1f} s in all "
                f"(the longest: {slowest}, {upgrades[slowest]:.1f} s)",
            )


ProgressCallback = Callable[[str], None]
