"""Revision -> statements, without a database and without running env.py.

Each revision module is imported on its own and its ``upgrade()`` runs under an offline Alembic
``MigrationContext`` (postgresql dialect, ``as_sql``). Every emitted statement is recorded with
the Alembic operation object behind it and the line of the call in the revision file.

Three things make this work on real histories, where env.py imports the application:

* **Stand-ins**: when an import in a revision fails (the application is not installed, its
  settings are missing, a third-party package is absent), the module is replaced by a permissive
  stand-in and the revision is loaded again. SQL built from a stand-in (an app-defined column
  type, an enum) is rendered with a neutral type and marked approximate.
* **An offline bind**: ``op.get_bind()`` returns an object that records writes
  (``bind.execute(text("UPDATE ..."))``) and raises :class:`NeedsDatabase` on anything that
  needs an answer from the server (a SELECT, ``sa.inspect(bind)``). Those revisions can then be
  rendered online by :mod:`migcheck.render_online`.
* **Isolation**: a failure in one revision is recorded in its :class:`~migcheck.model.Unit` and
  never affects another.
"""

from __future__ import annotations

import contextlib
import importlib.abc
import importlib.util
import io
import re
import signal
import sys
import threading
import traceback
import types
from collections.abc import Callable, Generator, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from alembic.config import Config
from alembic.operations import BatchOperations, MigrateOperation, Operations
from alembic.operations.ops import AddColumnOp, BulkInsertOp, CreateTableOp
from alembic.runtime.environment import EnvironmentContext
from alembic.runtime.migration import MigrationContext
from sqlalchemy import exc as sa_exc
from sqlalchemy.dialects import postgresql
from sqlalchemy.sql.dml import ValuesBase

from migcheck.config import DEFAULT_PG_VERSION
from migcheck.loading import (
    MAX_STANDINS,
    EnvOptions,
    Loader,
    StandIn,
    StandInTruth,
    _Approximation,
    _StandInUse,
    exits_as_errors,
)
from migcheck.model import OpValue, RenderProblem, Revision, Statement, Unit
from migcheck.naming import NamingConvention
from migcheck.plugin_ops import install as install_plugin_operations

# Enum operations of Alembic plugins that revisions call without importing (plugin_ops).
install_plugin_operations()

# What a unit lists among its stand-ins when reads were answered "no rows" offline.
EMPTY_READS = "database reads (answered as empty tables)"

__all__ = ["MAX_STANDINS", "Loader", "NeedsDatabase", "OfflineBind", "render_offline"]


# What a unit lists among its stand-ins for a table it reflected that no database could show.
def _unknown_table(name: str) -> str:
    return f"table {name} (reflected; no revision creates it)"


# A revision whose import or upgrade() takes longer than this is reported, not waited for.
RENDER_TIMEOUT_SECONDS = 20.0


class NeedsDatabase(Exception):
    """The revision asks the database a question that has no offline answer."""


class RenderTimeout(BaseException):
    """A revision took longer than :data:`RENDER_TIMEOUT_SECONDS`.

    Not an ``Exception``: a revision's own ``except Exception`` (a retry loop) must not swallow
    it, and it is no import problem to stand in for (``time.sleep`` interrupted looks like one).
    """


# --------------------------------------------------------------------------- the offline bind


def offline_dialect() -> postgresql.dialect:
    """The PostgreSQL dialect of the offline context and bind, with a server version.

    Offline, SQLAlchemy never connects, so ``server_version_info`` stays None, and code that
    compares it fails with a TypeError before anything is executed: neutron's
    ``Inspector.from_engine(op.get_bind()).get_columns(...)`` (the catalog query is chosen by
    version), a revision's ``if bind.dialect.server_version_info >= (12,)``. The oldest
    version migcheck assumes (:data:`~migcheck.config.DEFAULT_PG_VERSION`) answers them; the
    reflection's query then reaches :class:`OfflineBind`, which hands the revision to the
    database fallback, where the version is the server's own.
    """
    dialect = postgresql.dialect()
    dialect.server_version_info = (DEFAULT_PG_VERSION, 0)
    return dialect


class OfflineBind:
    """What ``op.get_bind()`` returns offline.

    Writes are recorded as statements; anything that needs rows back raises NeedsDatabase.
    ``.dialect`` is real so ``if bind.dialect.name == "postgresql"`` works.
    """

    # ``str(op.get_bind().engine.url).startswith("postgres")`` picks the PostgreSQL branch of
    # revisions written for several databases; the URL names no server (there is none).
    url = sa.engine.make_url("postgresql://")
    name = "postgresql"
    driver = "psycopg"

    def __init__(self, emit: Callable[[str], object]) -> None:
        self.dialect = offline_dialect()
        self.engine = self
        self._emit = emit
        # Answer reads of the application's tables with no rows instead of NeedsDatabase:
        # the database fallback's last resort (see render_offline).
        self.empty_reads = False

    def execute(self, statement: Any, *args: Any, **kwargs: Any) -> _NoRows | _EmptyResult:
        if isinstance(statement, _EmptyQuery):  # select(AppModel): found nothing already
            return _EmptyResult()
        if isinstance(statement, StandIn):
            return _unknown_statement()
        kwargs.pop("execution_options", None)
        parameters = args[0] if args else kwargs.pop("parameters", None)
        if parameters is None and kwargs:
            parameters = kwargs  # SQLAlchemy 1.x: ``conn.execute(stmt, id=1, name="x")``
        many = parameters if isinstance(parameters, list | tuple) else [parameters or {}]
        if not many or not all(isinstance(p, dict) for p in many):
            raise NeedsDatabase("executes a statement with positional parameters on op.get_bind()")
        for params in many[:_MAX_ROWS_RENDERED]:
            if isinstance(statement, str):
                # SQLAlchemy 1.x ran plain strings as driver-level SQL (``%(name)s``
                # parameters, no ``:name`` binds); revisions written for it still pass them.
                compiled = inline_parameters(statement, params, False) if params else statement
            else:
                compiled = _compile_with(statement, params, self.dialect)
            if _returns_rows(compiled):
                if self.empty_reads and not _READS_CATALOG.search(compiled):
                    _Approximation.empty_reads_used = True
                    return _EmptyResult()
                raise NeedsDatabase(
                    f"reads the database: op.get_bind().execute({_shorten(compiled)!r})"
                )
            self._emit(compiled)
        return _NoRows()

    def exec_driver_sql(self, statement: str, *args: Any, **kwargs: Any) -> _NoRows | _EmptyResult:
        if not args and not kwargs.get("parameters"):
            statement = statement.replace("%%", "%")
        return self.execute(statement, *args, **kwargs)

    def _run_ddl_visitor(self, visitorcallable: Any, element: Any, **kwargs: Any) -> None:
        """``postgresql.ENUM(...).create(op.get_bind())``, ``table.create(bind)``: emit the DDL,
        as SQLAlchemy's mock connection (so ``alembic upgrade --sql``) does, with ``checkfirst``
        off since there is nothing to check against offline."""
        kwargs["checkfirst"] = False
        visitorcallable(self.dialect, self, **kwargs).traverse_single(element)

    def __getattr__(self, name: str) -> Any:
        if name.startswith("_"):
            # Private names are SQLAlchemy probing the object (``sa.inspect(bind)`` looks for
            # ``_sa_instance_state`` once the ORM is imported): not an answer it needs.
            raise AttributeError(name)
        raise NeedsDatabase(f"uses op.get_bind().{name}, which needs a live connection")


class _NoRows:
    """The result of a write through :class:`OfflineBind`: no rows.

    ``rowcount`` is 0: offline nothing is stored, so nothing was changed. The batched data
    migration (``while True: ... if result.rowcount == 0: break``) then ends after one batch,
    rendered once, instead of looping until the time limit (with -1, DB-API's "unknown", it
    never ended).
    """

    rowcount = 0

    def fetchall(self) -> list[Any]:
        raise NeedsDatabase("reads rows from the result of op.get_bind().execute()")

    fetchone = first = scalar = scalar_one = one = all = mappings = scalars = fetchall

    def close(self) -> None:
        return None


def _standin_default(name: str, column_type: Any) -> str:
    """The SQL of ``server_default=constants.NAME`` with the application stood in, for a column
    of ``column_type``: a value the database accepts (the fallback database and PostgreSQL
    check it), guessed from the constant's name. nova's ``keypair.KEYPAIR_TYPE_SSH`` on
    ``Enum("ssh", "x509")`` is ``'ssh'`` (the value its name ends with, else the first);
    octavia's ``constants.ONLINE`` on a string is ``'ONLINE'``; on numbers 0, on booleans
    false."""
    if isinstance(column_type, sa.Enum) and column_type.enums:
        lowered = name.lower()
        ending = [v for v in column_type.enums if lowered.endswith(str(v).lower())]
        return _literal(str(max(ending, key=len) if ending else column_type.enums[0]))
    if isinstance(column_type, sa.Boolean):
        return "false"
    if isinstance(column_type, sa.Integer | sa.Numeric):
        return "0"
    return _literal(name)


def _unknown_statement() -> _EmptyResult:
    """``conn.execute(app_helper.load_table("shares", conn).select())`` with the application
    not importable: the statement is a stand-in, its SQL unknown (compiled, it read ``TEXT``).
    Nothing is emitted and no rows come back, as for a query of an application model; the
    revision goes on (its schema changes after the loop are still checked), marked
    approximate."""
    _Approximation.used = True
    return _EmptyResult()


class _EmptyResult:
    """A read of an empty table: what the throwaway database (schema only) would answer."""

    rowcount = 0
    _attributes: dict[str, Any] = {}  # read by the ORM's Query (session.query(Model).all())

    def __iter__(self) -> Iterator[Any]:
        return iter(())

    def fetchall(self) -> list[Any]:
        return []

    def fetchone(self) -> None:
        return None

    def one(self) -> Any:
        raise NeedsDatabase("expects exactly one row from op.get_bind().execute()")

    def keys(self) -> list[str]:
        return []

    def mappings(self) -> _EmptyResult:
        return self

    def close(self) -> None:
        return None

    all = fetchmany = partitions = fetchall
    first = scalar = one_or_none = scalar_one_or_none = fetchone
    scalar_one = one
    scalars = columns = tuples = unique = mappings


# Reads of the catalogs answer questions about the schema: only a database can.
_READS_CATALOG = re.compile(r"\b(information_schema|pg_catalog|pg_[a-z_]+)\b", re.I)


def reads_catalog(sql: str) -> bool:
    """Whether a read is of the catalog (pg_indexes, information_schema), not of the
    application's tables: a schema-only database answers it as production would."""
    return _READS_CATALOG.search(sql) is not None


# executemany through the offline bind: the first rows show what the statement does.
_MAX_ROWS_RENDERED = 20
_PYFORMAT = re.compile(r"%\((\w+)\)s")


def _compile_with(statement: Any, params: dict[str, Any], dialect: Any) -> str:
    """``statement`` as ``connection.execute(statement, params)`` would send it, parameters
    inlined as literals."""
    if not params:
        return _compile(statement, dialect)
    if isinstance(statement, sa.TextClause):
        known = {k: v for k, v in params.items() if k in statement._bindparams}
        return _compile(statement.bindparams(**known) if known else statement, dialect)
    compiled = statement.compile(dialect=dialect, column_keys=list(params))
    return inline_parameters(str(compiled).strip(), compiled.construct_params(params), False)


def inline_parameters(statement: str, parameters: Any, many: bool) -> str:
    """The statement as text with its (pyformat) parameters inlined, for reading and linting."""
    if many and isinstance(parameters, list | tuple) and parameters:
        parameters = parameters[0]
    if isinstance(parameters, dict):

        def literal(match: re.Match[str]) -> str:
            name = match.group(1)
            return _literal(parameters[name]) if name in parameters else match.group(0)

        return _PYFORMAT.sub(literal, statement).replace("%%", "%")
    return statement.replace("%%", "%")


def _literal(value: object) -> str:
    if value is None:
        return "NULL"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value)
    text = str(value).replace("'", "''")
    return f"'{text}'"


_ROW_RETURNING = re.compile(
    r"^\s*(\(\s*)*(select|with|values|show|table|explain)\b|\breturning\b", re.I
)


def _returns_rows(sql: str) -> bool:
    return bool(_ROW_RETURNING.search(sql))


def _shorten(sql: str, limit: int = 60) -> str:
    one_line = " ".join(sql.split())
    return one_line if len(one_line) <= limit else one_line[: limit - 1] + "…"


def _compile(statement: Any, dialect: Any) -> str:
    if isinstance(statement, str):
        return statement
    try:
        compiled = statement.compile(dialect=dialect, compile_kwargs={"literal_binds": True})
    except Exception:  # a construct that cannot render literals: fall back to placeholders
        compiled = statement.compile(dialect=dialect)
    return str(compiled).strip()


# --------------------------------------------------------------------------- recording


def op_summary(op: MigrateOperation, dialect: Any) -> dict[str, OpValue]:
    """The plain-data attributes of an Alembic operation object (types compiled to SQL)."""
    summary: dict[str, OpValue] = {}
    fields: dict[str, Any] = dict(vars(op))
    kw = fields.pop("kw", None)
    if isinstance(kw, dict):
        fields.update(kw)
    for name, value in fields.items():
        if name.startswith("_"):
            continue
        if isinstance(value, str):
            summary[name] = str(value)  # plain str: SQLAlchemy's quoted_name must not be pickled
        elif isinstance(value, int | float | bool) or value is None:
            summary[name] = value
        elif isinstance(value, sa.types.TypeEngine) or (
            isinstance(value, type) and issubclass(value, sa.types.TypeEngine)
        ):
            try:
                instance = value() if isinstance(value, type) else value
                summary[name] = instance.compile(dialect=dialect)
            except Exception:
                summary[name] = type(value).__name__
        elif isinstance(value, sa.sql.ClauseElement):
            with contextlib.suppress(Exception):
                summary[name] = _compile(value, dialect)
        elif isinstance(value, list | tuple) and all(isinstance(v, str) for v in value):
            summary[name] = ",".join(str(v) for v in value)
    column = fields.get("column")
    if isinstance(column, sa.Column):
        python_default = _python_only_default(column)
        if python_default is not None:
            summary["python_default"] = python_default
    return summary


def _python_only_default(column: sa.Column[Any]) -> str | None:
    """How ``Column(default=...)`` reads when the column has it and no ``server_default``.

    Such a default is SQLAlchemy's: it fills the INSERTs SQLAlchemy makes, and the database
    never sees it. Adding the column NOT NULL to a table with rows fails all the same, and
    ``default=`` is the classic reason someone believed it would not."""
    default = column.default
    if column.server_default is not None or not isinstance(default, sa.schema.ColumnDefault):
        return None
    if default.is_callable:
        function = getattr(default.arg, "__wrapped__", default.arg)
        name = str(getattr(function, "__qualname__", None) or type(function).__name__)
        module = getattr(function, "__module__", None)
        if "<" in name:  # a lambda, or a function made inside another
            return "a Python function"
        if not module or module == "builtins" or module.startswith("migcheck_rev_"):
            return name  # defined in the revision itself: its name is enough
        return f"{module}.{name}"
    if default.is_clause_element:
        return "a SQL expression"
    return repr(default.arg)


@dataclass
class Recorder:
    """Collects the statements of one revision as Alembic emits them."""

    file: Path
    revision: str | None
    dialect: Any
    statements: list[Statement] = field(default_factory=list)
    op_stack: list[MigrateOperation] = field(default_factory=list)
    in_autocommit: bool = False
    # The line of the batch_op call whose statement is being emitted (see _RecordedBatch).
    line_override: int | None = None
    # Set by the online renderer and the rehearsal: called with each statement as it is recorded.
    on_statement: Callable[[Statement], None] | None = None
    file_key: str = field(default="", init=False)
    """``str(file)``, as code objects name their file (see :meth:`call_line`)."""

    def __post_init__(self) -> None:
        self.file_key = str(self.file)

    def call_line(self) -> tuple[int, int | None]:
        """Line of the innermost frame executing the revision file (the operation call)."""
        frame = sys._getframe(1)
        while frame is not None:
            if frame.f_code.co_filename == self.file_key:
                return frame.f_lineno, None
            frame = frame.f_back  # type: ignore[assignment]
        return 0, None

    def record(self, sql: str) -> Statement:
        sql = sql.strip()
        if sql.endswith(";"):
            sql = sql[:-1].rstrip()
        line = self.line_override if self.line_override is not None else self.call_line()[0]
        op = self.op_stack[-1] if self.op_stack else None
        statement = Statement(
            sql=sql,
            file=self.file,
            line=line,
            revision=self.revision,
            op=type(op).__name__ if op is not None else None,
            op_args=op_summary(op, self.dialect) if op is not None else {},
            in_transaction=not self.in_autocommit,
            approximate=_Approximation.used,
        )
        _Approximation.used = False
        self.statements.append(statement)
        if self.on_statement is not None:
            self.on_statement(statement)
        return statement


class RecordingOperations(Operations):
    """``op`` for a revision under migcheck: remembers which operation emitted each statement."""

    recorder: Recorder
    # Offline, op.get_bind() returns this instead of None.
    offline_bind: OfflineBind | None = None
    # ``batch_op.<a plugin's operation>()`` with the plugin missing is skipped (and reported),
    # as ``op.<operation>()`` is, where stand-ins are allowed (not in a rehearsal).
    stand_ins: bool = True

    def get_bind(self) -> Any:
        if self.offline_bind is not None:
            return self.offline_bind
        return super().get_bind()

    def inline_literal(self, value: Any, type_: Any = None) -> Any:
        # ``op.inline_literal(istate.States.error)`` with the application stood in
        # (ironic-inspector): SQLAlchemy cannot write a stand-in as a literal. Its name is the
        # guess, as for a server_default.
        if isinstance(value, StandIn):
            _Approximation.used = True
            value = str(value)
        return super().inline_literal(value, type_)

    def invoke(self, operation: MigrateOperation) -> Any:
        if isinstance(getattr(operation, "sqltext", None), StandIn):
            # ``op.execute(sql_from_a_package_that_is_not_installed)``: the SQL is unknown; the
            # revision is already reported approximate for the stand-in.
            return None
        if isinstance(operation, BulkInsertOp) and isinstance(operation.table, StandIn):
            # ``op.bulk_insert(User.__table__, rows)`` with the application missing: the rows
            # name the columns, the model's name gives the table (a guess, reported as such).
            columns = dict.fromkeys(key for row in operation.rows for key in row)
            operation.table = sa.table(
                operation.table._standin_name, *(sa.column(c, StandIn(c)) for c in columns)
            )
        if isinstance(operation, CreateTableOp):
            _columns_for_stand_ins(operation)
        if isinstance(operation, CreateTableOp | AddColumnOp):
            _integer_where_generated(operation)
        self.recorder.op_stack.append(operation)
        try:
            return super().invoke(operation)
        finally:
            self.recorder.op_stack.pop()

    @contextmanager
    def batch_alter_table(self, *args: Any, **kwargs: Any) -> Generator[Any, None, None]:
        """Batch operations are queued and emitted when the ``with`` block ends: without this,
        every statement of the block got the line of the ``with`` and no operation object (so
        no ``existing_type``). Each queued operation keeps its own call line and object."""
        recorder = self.recorder
        with super().batch_alter_table(*args, **kwargs) as batch_op:
            batch_op.impl.batch = _RecordedBatch(recorder)
            queue = batch_op.invoke

            def invoke(operation: MigrateOperation) -> Any:
                recorder.op_stack.append(operation)
                try:
                    return queue(operation)
                finally:
                    recorder.op_stack.pop()

            batch_op.invoke = invoke
            if self.stand_ins:
                batch_op.__class__ = _BatchWithoutPlugins
            yield batch_op


class _BatchWithoutPlugins(BatchOperations):
    """``batch_op`` where an operation a plugin registers, the plugin not loaded (fittrackee's
    ``batch_op.add_geospatial_column()`` of geoalchemy2), renders nothing and is reported as
    ``op.<name>()`` is (see the lint engine), instead of an AttributeError that left the rest of
    the revision unchecked."""

    def __getattr__(self, name: str) -> Any:
        if name.startswith("_"):
            raise AttributeError(name)
        _StandInUse.names.add(f"alembic.op.{name}")

        def skipped(*args: Any, **kwargs: Any) -> None:
            return None

        return skipped


def _integer_where_generated(operation: CreateTableOp | AddColumnOp) -> None:
    """A stand-in type on a column whose values the database generates: glance's
    ``sa.Column("id", BigInteger().with_variant(...), autoincrement=True)``, privacyidea's
    ``sa.Column("id", BigIntegerType, sa.Identity())``, the types from the application's
    modules, which are not importable. SQLAlchemy refuses anything but an integer with
    autoincrement=True, PostgreSQL any identity column that is not one. So an integer it is:
    BIGINT where the stand-in's name says so, else INTEGER (approximate)."""
    columns = operation.columns if isinstance(operation, CreateTableOp) else [operation.column]
    for column in columns:
        if (
            isinstance(column, sa.Column)
            and (column.autoincrement is True or column.identity is not None)
            and isinstance(column.type, StandIn)
        ):
            name = column.type._standin_name.lower()
            column.type = sa.BigInteger() if "big" in name else sa.Integer()
            _Approximation.used = True


def _columns_for_stand_ins(operation: CreateTableOp) -> None:
    """``op.create_table("t", app.id_column(op, "t_seq"), ..., sa.PrimaryKeyConstraint("id"))``
    (privacyidea), the helper not importable: its column is a stand-in, which SQLAlchemy does not
    take for a column, and the key then names a column the table lacks (the revision was not
    rendered at all). The stand-ins become the columns the table's constraints name and no
    column defines: an integer for ``id`` and ``*_id``, else of a stand-in type (approximate)."""
    items = list(operation.columns)
    if not any(isinstance(item, StandIn) for item in items):
        return
    defined = {item.name for item in items if isinstance(item, sa.Column)}
    named: dict[str, None] = {}
    for item in items:
        for name in getattr(item, "_pending_colargs", ()):
            if isinstance(name, str) and name not in defined:
                named[name] = None
    made = [
        sa.Column(name, sa.Integer() if name == "id" or name.endswith("_id") else StandIn(name))
        for name in named
    ]
    kept = [item for item in items if not isinstance(item, StandIn)]
    operation.columns = [*made, *kept]
    _Approximation.used = True


class _RecordedBatch(list[Any]):
    """``BatchOperationsImpl.batch`` that remembers, for each queued operation, the line of the
    batch_op call and the operation object, and restores both while the flush emits it."""

    def __init__(self, recorder: Recorder) -> None:
        super().__init__()
        self.recorder = recorder
        self.origins: list[tuple[int, MigrateOperation | None]] = []

    def append(self, item: Any) -> None:
        line, _ = self.recorder.call_line()
        op = self.recorder.op_stack[-1] if self.recorder.op_stack else None
        self.origins.append((line, op))
        super().append(item)

    def __iter__(self) -> Iterator[Any]:
        recorder = self.recorder
        for item, (line, op) in zip(list.__iter__(self), self.origins, strict=True):
            recorder.line_override = line
            if op is not None:
                recorder.op_stack.append(op)
            try:
                yield item
            finally:
                if op is not None:
                    recorder.op_stack.pop()
                recorder.line_override = None


# ``alembic.op`` proxies the methods of ``Operations``; let it proxy our subclass's instances too.
Operations._setups[RecordingOperations] = Operations._setups[Operations]


class _CaptureBuffer(io.StringIO):
    """Alembic's offline output buffer: each ``write`` is one statement."""

    def __init__(self, recorder: Recorder) -> None:
        super().__init__()
        self.recorder = recorder

    def write(self, text: str) -> int:
        if text.strip():
            self.recorder.record(text)
        return len(text)


class _AskedIfOffline:
    """Set when the revision itself asked whether it runs offline (``op.get_context().as_sql``,
    ``context.is_offline_mode()``): a revision that then fails may simply refuse to run
    offline (prefect's ``raise RuntimeError("... requires an online PostgreSQL migration")``),
    which the database fallback can render."""

    revision_file = ""
    asked = False

    @classmethod
    def note(cls) -> None:
        # Alembic reads the flag too, for every operation: only the revision's own reads
        # count, directly or through alembic.context's proxy functions.
        frame = sys._getframe(2)
        for _ in range(3):
            if frame is None:
                return
            if frame.f_code.co_filename == cls.revision_file:
                cls.asked = True
                return
            frame = frame.f_back


class OfflineMigrationContext(MigrationContext):
    """Offline context whose ``autocommit_block()`` marks statements as outside the
    transaction instead of printing COMMIT/BEGIN, and whose options env.py would have added
    are stand-ins (:class:`~migcheck.loading.EnvOptions`)."""

    recorder: Recorder

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.opts = EnvOptions(self.opts)

    @property
    def as_sql(self) -> bool:  # type: ignore[override]
        _AskedIfOffline.note()
        return True

    @as_sql.setter
    def as_sql(self, value: bool) -> None:  # set by MigrationContext.__init__: always True here
        pass

    @contextmanager
    def autocommit_block(self) -> Generator[None, None, None]:
        previous = self.recorder.in_autocommit
        self.recorder.in_autocommit = True
        try:
            yield
        finally:
            self.recorder.in_autocommit = previous


# --------------------------------------------------------------------------- rendering


@contextmanager
def time_limit(seconds: float) -> Generator[None, None, None]:
    """Raise RenderTimeout if the block takes longer (main thread only; else no limit)."""
    if threading.current_thread() is not threading.main_thread() or not hasattr(
        signal, "setitimer"
    ):
        yield
        return

    def on_alarm(signum: int, frame: object) -> None:
        raise RenderTimeout(f"took longer than {seconds:.0f} s")

    previous = signal.signal(signal.SIGALRM, on_alarm)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


_OBJECT_ADDRESS = re.compile(r" object at 0x[0-9a-fA-F]+>")
# SQLAlchemy's CompileErrors for a bound value it cannot write as a literal (literal_binds).
_LITERAL_FAILURE = re.compile(r"No literal value renderer|Don't know how to render literal")
_STANDIN_MENTION = re.compile(r"<stand-in (\w+)>")


def describe_exception(exc: BaseException, path: Path, *, offline: bool = True) -> RenderProblem:
    """One line naming the cause, and the line of the revision file where it happened.
    ``offline``: the revision ran without a database, which explains some failures."""
    line = None
    for frame, lineno in traceback.walk_tb(exc.__traceback__):
        if frame.f_code.co_filename == str(path):
            line = lineno
    text = str(exc).strip().splitlines()[0] if str(exc).strip() else ""
    text = _OBJECT_ADDRESS.sub(">", text)  # "<... object at 0x7f...>" differs on every run
    if isinstance(exc, SyntaxError) and exc.filename == str(path):
        return RenderProblem(message=f"syntax error: {exc.msg}", line=exc.lineno)
    if isinstance(exc, RenderTimeout):
        return RenderProblem(message=f"RenderTimeout: {text}", line=line, timed_out=True)
    if isinstance(exc, NeedsDatabase):
        return RenderProblem(message=text, line=line, needs_database=True)
    if type(exc).__name__ == "NoInspectionAvailable":
        return RenderProblem(
            message="inspects the live schema (sa.inspect(op.get_bind()))",
            line=line,
            needs_database=True,
        )
    if isinstance(exc, sa_exc.ArgumentError) and "OfflineBind" in text:
        # ``op.get_context().dialect.has_table(op.get_bind(), "cells")`` (nbgrader): the
        # dialect asks the database, and wants a real connection for it.
        return RenderProblem(
            message="asks the database through its dialect (dialect.has_table(...))",
            line=line,
            needs_database=True,
        )
    if isinstance(exc, sa_exc.DBAPIError) and "127.0.0.1" in text and "port 1" in text:
        return RenderProblem(
            message="opens its own connection to the database (the URL of alembic.ini)",
            line=line,
            needs_database=True,
        )
    if isinstance(exc, sa_exc.CompileError) and _LITERAL_FAILURE.search(text):
        # Offline, every value is written into the SQL as a literal; an untyped column
        # (sa.column("status") in sa.table(...)) has no literal form. Online, values are
        # bound parameters: the database fallback renders it (alembic --sql cannot).
        return RenderProblem(
            message=f"writes a value SQLAlchemy cannot render as a literal offline ({text})",
            line=line,
            needs_database=True,
        )
    if offline and isinstance(exc, AttributeError) and "NoneType" in text:
        return RenderProblem(
            message=f"uses a database connection that does not exist offline ({text})",
            line=line,
            needs_database=True,
        )
    if type(exc).__name__ == "NoSuchTableError":
        return RenderProblem(
            message=f"reflects table {text}, which the database does not have "
            "(no earlier revision creates it)",
            line=line,
        )
    message = f"{type(exc).__name__}: {text}" if text else type(exc).__name__
    standin = _STANDIN_MENTION.search(text)
    if standin is not None:
        # An ORM query or a model attribute of the application, which is not importable here.
        message = (
            f"needs the application's {standin.group(1)} (its module could not be imported), "
            f"not a stand-in: {message}"
        )
    return RenderProblem(message=message, line=line)


def needs_database(problem: RenderProblem | None) -> bool:
    return problem is not None and problem.needs_database


# Offline, the URL revisions find in the config (``op.get_context().config``): env.py would have
# put the application's there. Nothing listens on port 1, so a revision that opens its own
# connection with it (``engine_from_config(config.get_section(...))``) fails at once, and the
# failure is recognised (see describe_exception): the revision needs the database.
OFFLINE_URL = "postgresql+psycopg://migcheck:offline@127.0.0.1:1/migcheck_offline"


def environment(
    ini_file: Path | None, *, as_sql: bool = True, url: str = OFFLINE_URL
) -> EnvironmentContext:
    """A minimal ``alembic.context`` so that ``context.is_offline_mode()``,
    ``context.get_x_argument()`` and ``context.config`` work inside revisions. ``url`` is set as
    ``sqlalchemy.url``, as env.py would (the throwaway database's, online)."""
    config = Config(str(ini_file)) if ini_file is not None else Config()
    config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    no_script: Any = None  # revisions are loaded by migcheck, not by a ScriptDirectory
    env = EnvironmentContext(config, no_script, as_sql=as_sql)
    # Not a subclass: Alembic's proxy (alembic.context) is set up for this class only.
    offline = env.is_offline_mode

    def is_offline_mode() -> bool:
        _AskedIfOffline.note()
        return offline()

    env.is_offline_mode = is_offline_mode  # type: ignore[method-assign]
    return env


def naming_options(convention: NamingConvention) -> dict[str, Any]:
    """Migration context options that make Alembic name unnamed constraints as env.py's
    ``target_metadata`` would (:mod:`migcheck.naming`); Alembic reads nothing else of it
    outside autogenerate."""
    if not convention:
        return {}
    return {"target_metadata": sa.MetaData(naming_convention=dict(convention))}


class OfflineRenderer:
    """One offline Alembic context per process, reused for every revision (building a
    MigrationContext per revision costs as much as rendering a small revision)."""

    def __init__(self, ini_file: Path | None, naming_convention: NamingConvention = ()) -> None:
        self.dialect = offline_dialect()
        self.recorder = Recorder(file=Path(), revision=None, dialect=self.dialect)
        self.buffer = _CaptureBuffer(self.recorder)
        self.env = environment(ini_file)
        # With the environment, ``op.get_context().config`` is the project's Config.
        self.context = OfflineMigrationContext(
            self.dialect,
            None,
            {
                "as_sql": True,
                "output_buffer": self.buffer,
                "literal_binds": True,
                **naming_options(naming_convention),
            },
            self.env,
        )
        self.operations = RecordingOperations(self.context)
        self.bind = OfflineBind(self._record)
        self.operations.offline_bind = self.bind
        self.env._migration_context = self.context  # type: ignore[attr-defined]

    def _record(self, sql: str) -> Statement:
        return self.recorder.record(sql)

    def run(self, upgrade: Callable[[], Any], recorder: Recorder) -> None:
        self.recorder = self.buffer.recorder = self.context.recorder = recorder
        self.operations.recorder = recorder
        self.env._install_proxy()
        self.operations._install_proxy()  # type: ignore[attr-defined]
        _Approximation.used = False
        try:
            upgrade()
        finally:
            self.operations._remove_proxy()  # type: ignore[attr-defined]
            self.env._remove_proxy()


def _sqlalchemy_submodule(name: str) -> types.ModuleType:
    """``sa.orm.Session(bind=op.get_bind())`` in a revision that never imports sqlalchemy.orm
    (manila's 59eb64046740) works under ``alembic upgrade``: env.py imported the application's
    models, and the ORM with them. Here nothing did: a submodule of SQLAlchemy is imported the
    first time a revision names it (a module's ``__getattr__`` is asked only for what it
    lacks)."""
    if not name.startswith("_") and importlib.util.find_spec(f"sqlalchemy.{name}") is not None:
        return importlib.import_module(f"sqlalchemy.{name}")
    # name and obj as Python's own lookup gives them: the loader stands in for a name
    # SQLAlchemy 2 removed (``sa.Binary``) from exactly these.
    raise AttributeError(
        f"module 'sqlalchemy' has no attribute {name!r}", name=name, obj=sys.modules["sqlalchemy"]
    )


@contextmanager
def sqlalchemy_1x_calls() -> Generator[None, None, None]:
    """While a revision loads and runs, accept the SQLAlchemy 1.x calls that 2.x removed and
    that old revisions still make (migcheck runs with SQLAlchemy 2, whatever the application
    pinned): ``conn.execute("UPDATE ...")`` and ``conn.execute(stmt, id=1)``, ``select([a, b],
    whereclause)``, ``table.select(whereclause)``, ``MetaData(bind=conn)`` with
    ``Table(name, metadata, autoload=True)``, and ``row["column"]``. Each is translated to its
    2.x spelling; nothing else changes, and everything is put back afterwards."""
    patches: list[tuple[Any, str, Any]] = []

    def patch(owner: Any, name: str, value: Any) -> None:
        patches.append((owner, name, owner.__dict__.get(name, _ABSENT)))
        setattr(owner, name, value)

    connection_execute = sa.engine.Connection.execute

    def execute(
        self: sa.engine.Connection,
        statement: Any,
        parameters: Any = None,
        *,
        execution_options: Any = None,
        **legacy_parameters: Any,
    ) -> Any:
        if legacy_parameters and parameters is None:
            parameters = legacy_parameters
        if isinstance(statement, _EmptyQuery):  # select(AppModel): found nothing already
            return _EmptyResult()
        if isinstance(statement, StandIn):
            return _unknown_statement()
        if isinstance(statement, str):  # 1.x ran it as driver-level SQL: no ``:name`` binds
            return self.exec_driver_sql(statement, parameters, execution_options)
        return connection_execute(self, statement, parameters, execution_options=execution_options)

    patch(sa.engine.Connection, "execute", execute)

    if "__getattr__" not in sa.__dict__:
        patch(sa, "__getattr__", _sqlalchemy_submodule)

    select = sa.sql.expression.select

    def legacy_select(*args: Any, **kwargs: Any) -> Any:
        if any(isinstance(arg, StandIn) for arg in _flat(args)):
            # ``select(AppModel)`` of a model that is stood in: no rows (see _EmptyQuery).
            _Approximation.used = True
            return _EmptyQuery()
        if not args or not isinstance(args[0], list | tuple):
            return select(*args, **kwargs)
        columns, *rest = args
        statement = select(*columns)
        where = rest[0] if rest else kwargs.pop("whereclause", None)
        if isinstance(where, sa.sql.expression.FromClause):
            statement = statement.select_from(where)
        elif where is not None:
            statement = statement.where(where)
        from_obj = kwargs.pop("from_obj", None)
        if from_obj is not None:
            froms = from_obj if isinstance(from_obj, list | tuple) else [from_obj]
            statement = statement.select_from(*froms)
        order_by = kwargs.pop("order_by", None)
        if order_by is not None:
            order = order_by if isinstance(order_by, list | tuple) else [order_by]
            statement = statement.order_by(*order)
        if kwargs.pop("distinct", False):
            statement = statement.distinct()
        return statement

    for module in (sa, sa.sql, sa.sql.expression):
        patch(module, "select", legacy_select)

    from_select = sa.sql.expression.FromClause.select

    def table_select(self: Any, whereclause: Any = None, **kwargs: Any) -> Any:
        statement = from_select(self)
        return statement if whereclause is None else statement.where(whereclause)

    patch(sa.sql.expression.FromClause, "select", table_select)

    metadata_init = sa.MetaData.__init__

    def metadata_with_bind(self: sa.MetaData, *args: Any, bind: Any = None, **kw: Any) -> None:
        metadata_init(self, *args, **kw)
        if bind is not None:
            self.__dict__["_migcheck_bind"] = bind

    patch(sa.MetaData, "__init__", metadata_with_bind)

    default_init = sa.schema.DefaultClause.__init__

    def default_clause(
        self: Any, arg: Any, for_update: bool = False, _reflected: bool = False
    ) -> None:
        # ``server_default=constants.ONLINE`` where the application is stood in (octavia):
        # SQLAlchemy accepts only SQL text. The constant's name as a string is the guess
        # (constants are often named after their value); marked approximate.
        if isinstance(arg, StandIn):
            _Approximation.used = True
            self._migcheck_standin = str(arg)  # made fit for the column's type below
            arg = sa.text(_literal(str(arg)))
        default_init(self, arg, for_update, _reflected)

    patch(sa.schema.DefaultClause, "__init__", default_clause)

    default_set_parent = sa.schema.DefaultClause._set_parent

    def default_of_column(self: Any, parent: Any, **kw: Any) -> None:
        default_set_parent(self, parent, **kw)
        name = self.__dict__.get("_migcheck_standin")
        if name is not None:
            self.arg = sa.text(_standin_default(name, parent.type))

    patch(sa.schema.DefaultClause, "_set_parent", default_of_column)

    enum_init = sa.Enum.__init__

    def enum_of_standins(self: Any, *enums: Any, **kw: Any) -> None:
        # ``sa.Enum(AssignmentType.USER_PROJECT, AssignmentType.GROUP_PROJECT, ...)`` with the
        # application stood in (keystone): SQLAlchemy wants literal values. Each constant's
        # name is the guess, as for a server_default. (One stand-in alone is an enum class,
        # ``sa.Enum(Status)``: SQLAlchemy reads its members, of which a stand-in has none.)
        if len(enums) > 1 and any(isinstance(value, StandIn) for value in enums):
            _Approximation.used = True
            enums = tuple(str(v) if isinstance(v, StandIn) else v for v in enums)
        elif len(enums) == 1 and isinstance(enums[0], StandIn) and not kw.get("name"):
            # ``sa.Enum(BillType)`` (ihatemoney): SQLAlchemy names the type after the class,
            # lower case, but only when it has members; a stand-in has none, and PostgreSQL's
            # ENUM then "requires a name".
            kw["name"] = str(enums[0]).lower()
        enum_init(self, *enums, **kw)

    patch(sa.Enum, "__init__", enum_of_standins)

    connection_options = sa.engine.Connection.execution_options

    def execution_options(self: sa.engine.Connection, **options: Any) -> Any:
        # 1.x returned a copy ("branch") of the connection with the options; 2.x sets them on
        # the connection itself. ``conn.execution_options(stream_results=True).execute(q)``
        # then makes every later statement a server-side cursor, and the revision's next
        # CREATE INDEX fails ("DECLARE ... CURSOR FOR CREATE INDEX"). The options of one
        # query, asked for by the revision (not by SQLAlchemy's ORM), go with that query only.
        caller = sys._getframe(1).f_globals.get("__name__", "")
        if options and set(options) <= _QUERY_OPTIONS and not caller.startswith("sqlalchemy"):
            return _WithQueryOptions(self, options)
        return connection_options(self, **options)

    patch(sa.engine.Connection, "execution_options", execution_options)

    table_new = sa.Table._new

    def table_autoload(cls: Any, *args: Any, **kw: Any) -> Any:
        if kw.pop("autoload", False) and kw.get("autoload_with") is None and len(args) > 1:
            bind = getattr(args[1], "_migcheck_bind", None)
            if bind is not None:
                kw["autoload_with"] = bind
        return table_new(*args, **kw)

    patch(sa.Table, "_new", classmethod(table_autoload))

    row_class = sa.engine.Row
    row_getitem = row_class.__getitem__

    def row_item(self: Any, key: Any) -> Any:
        if isinstance(key, str):
            return self._mapping[key]
        return row_getitem(self, key)

    patch(row_class, "__getitem__", row_item)

    # The ORM: patched now if it is loaded, else the moment a revision imports it (most do
    # not: importing it costs a render worker 60 ms).
    if "sqlalchemy.orm" in sys.modules:
        _patch_orm(patch)
        hook = None
    else:
        hook = _WhenImported("sqlalchemy.orm", lambda: _patch_orm(patch))
        sys.meta_path.insert(0, hook)
    try:
        yield
    finally:
        if hook is not None:
            with contextlib.suppress(ValueError):
                sys.meta_path.remove(hook)
        for owner, name, previous in reversed(patches):
            if previous is _ABSENT:
                with contextlib.suppress(AttributeError, TypeError):
                    delattr(owner, name)
            else:
                setattr(owner, name, previous)


_ABSENT = object()

# Execution options that concern one query's results, not the connection.
_QUERY_OPTIONS = frozenset({"stream_results", "yield_per", "max_row_buffer"})


class _WithQueryOptions:
    """What ``conn.execution_options(stream_results=True)`` returned in SQLAlchemy 1.x: the
    connection, with the options for the statements run through this object only."""

    def __init__(self, connection: sa.engine.Connection, options: dict[str, Any]) -> None:
        self._connection = connection
        self._options = options

    def execute(
        self, statement: Any, parameters: Any = None, *, execution_options: Any = None, **kw: Any
    ) -> Any:
        options = {**self._options, **(execution_options or {})}
        return self._connection.execute(statement, parameters, execution_options=options, **kw)

    def exec_driver_sql(
        self, statement: str, parameters: Any = None, execution_options: Any = None
    ) -> Any:
        options = {**self._options, **(execution_options or {})}
        return self._connection.exec_driver_sql(statement, parameters, options)

    def execution_options(self, **options: Any) -> Any:
        return _WithQueryOptions(self._connection, {**self._options, **options})

    def __getattr__(self, name: str) -> Any:
        return getattr(self._connection, name)


def _patch_orm(patch: Callable[[Any, str, Any], None]) -> None:
    """The ORM part of :func:`sqlalchemy_1x_calls`."""
    # ``session.query(AppModel)`` where the application's model is a stand-in: the ORM cannot
    # map it, and without the application there are no rows to read anyway. Answer "no rows",
    # as the schema-only database would, and mark the rendering approximate.
    from sqlalchemy import orm

    session_query = orm.Session.query

    def query(self: orm.Session, *entities: Any, **kwargs: Any) -> Any:
        if any(_involves_standin(entity) for entity in entities):
            _Approximation.used = True
            return _EmptyQuery()
        return session_query(self, *entities, **kwargs)

    patch(orm.Session, "query", query)

    # Loader options naming a stood-in model's attributes (``load_only(AppModel.name)``)
    # belong to a query that finds no rows anyway.
    for name in _LOADER_OPTIONS:
        option = getattr(orm, name, None)
        if option is not None:
            patch(orm, name, _tolerating_standins(option))

    # ``orm.Session(bind=op.get_bind())`` offline: the session has no connection to get, so
    # its statements go to the offline bind (writes recorded, reads answered as the bind
    # answers them); a query that finds no rows (above) stays empty.
    session_execute = orm.Session.execute

    def execute_in_session(
        self: orm.Session, statement: Any, params: Any = None, *args: Any, **kwargs: Any
    ) -> Any:
        if isinstance(statement, _EmptyQuery):
            return _EmptyResult()
        if isinstance(self.bind, OfflineBind):
            if isinstance(params, list | tuple) and _without_where(statement):
                # ORM bulk UPDATE/DELETE by primary key: the WHERE comes from each parameter
                # set, which only the ORM on a connection writes.
                raise NeedsDatabase("updates rows by primary key through an ORM session")
            return self.bind.execute(statement, params) if params else self.bind.execute(statement)
        return session_execute(self, statement, params, *args, **kwargs)

    patch(orm.Session, "execute", execute_in_session)

    session_scalars, session_scalar = orm.Session.scalars, orm.Session.scalar

    def scalars_in_session(self: orm.Session, statement: Any, *args: Any, **kwargs: Any) -> Any:
        if isinstance(statement, _EmptyQuery) or isinstance(self.bind, OfflineBind):
            return execute_in_session(self, statement, *args, **kwargs).scalars()
        return session_scalars(self, statement, *args, **kwargs)

    def scalar_in_session(self: orm.Session, statement: Any, *args: Any, **kwargs: Any) -> Any:
        if isinstance(statement, _EmptyQuery) or isinstance(self.bind, OfflineBind):
            return execute_in_session(self, statement, *args, **kwargs).scalar()
        return session_scalar(self, statement, *args, **kwargs)

    patch(orm.Session, "scalars", scalars_in_session)
    patch(orm.Session, "scalar", scalar_in_session)


def _without_where(statement: Any) -> bool:
    """An UPDATE or DELETE with no WHERE clause (all rows, or the ORM's by-key form)."""
    is_dml = isinstance(statement, sa.sql.expression.Update | sa.sql.expression.Delete)
    return is_dml and statement.whereclause is None


class _WhenImported(importlib.abc.MetaPathFinder):
    """Runs ``then()`` right after module ``name`` is first imported (found by the usual finders)."""

    def __init__(self, name: str, then: Callable[[], None]) -> None:
        self.name, self.then = name, then
        self._finding = False

    def find_spec(self, fullname: str, path: Any, target: Any = None) -> Any:
        if fullname != self.name or self._finding:
            return None
        self._finding = True  # the finders after us find the real module
        try:
            spec = importlib.util.find_spec(fullname)
        finally:
            self._finding = False
        loader = spec.loader if spec is not None else None
        if loader is None or not hasattr(loader, "exec_module"):
            return spec
        exec_module, then = loader.exec_module, self.then

        def exec_then_patch(module: types.ModuleType) -> None:
            exec_module(module)
            with contextlib.suppress(ValueError):
                sys.meta_path.remove(self)  # imported: nothing more to wait for
            then()

        loader.exec_module = exec_then_patch  # type: ignore[method-assign]
        return spec


# sqlalchemy.orm functions that make loader options from model attributes.
_LOADER_OPTIONS = (
    "load_only",
    "defer",
    "undefer",
    "joinedload",
    "selectinload",
    "subqueryload",
    "lazyload",
    "noload",
    "raiseload",
    "contains_eager",
)


def _tolerating_standins(option: Callable[..., Any]) -> Callable[..., Any]:
    def maybe_option(*args: Any, **kwargs: Any) -> Any:
        if any(isinstance(arg, StandIn) for arg in args):
            return StandIn(getattr(option, "__name__", "loader_option"))
        return option(*args, **kwargs)

    return maybe_option


def _flat(args: tuple[Any, ...]) -> Iterator[Any]:
    """Positional arguments of ``select``, with 1.x's list of columns opened up."""
    for arg in args:
        if isinstance(arg, list | tuple):
            yield from arg
        else:
            yield arg


def _involves_standin(entity: Any) -> bool:
    """A stand-in model, or an expression built from one (``Model.id``, ``func.count(...)``)."""
    return isinstance(entity, StandIn) or "<stand-in " in repr(entity)


class _EmptyQuery:
    """A query of an application model that is not importable: it has no rows."""

    def all(self) -> list[Any]:
        return []

    def first(self) -> None:
        return None

    one_or_none = scalar = scalar_one_or_none = fetchone = first

    def one(self) -> Any:
        raise NeedsDatabase("expects exactly one row of an application model")

    scalar_one = one

    def fetchall(self) -> list[Any]:
        return []

    def count(self) -> int:
        return 0

    def update(self, *args: Any, **kwargs: Any) -> int:
        return 0

    delete = update

    def __iter__(self) -> Iterator[Any]:
        return iter(())

    def __getattr__(self, name: str) -> Any:
        if name.startswith("__"):
            raise AttributeError(name)
        return lambda *args, **kwargs: self  # filter, join, order_by, options, limit...


@contextmanager
def quiet() -> Generator[None, None, None]:
    """Revisions print progress (``print("Migrating users...")``) and log; none of it may reach
    migcheck's own output (``--format json`` on stdout must stay JSON)."""
    sink = io.StringIO()
    with contextlib.redirect_stdout(sink), contextlib.redirect_stderr(sink):
        yield


def render_offline(
    revision: Revision, loader: Loader, ini_file: Path | None = None, *, empty_reads: bool = False
) -> Unit:
    """Render one revision's ``upgrade()`` to statements, offline.

    An import inside ``upgrade()`` that fails (or a name an installed module lacks) gets a
    stand-in as one at module level does, and the revision is rendered again from the start.

    With ``empty_reads``, reads of the application's tables through ``op.get_bind()`` get no
    rows instead of failing: what a schema-only database would answer. The database fallback
    uses it as a last resort, when the throwaway database cannot run the revision (the history
    does not create the tables it reads, say); the unit then lists :data:`EMPTY_READS`."""
    if loader.renderer is None:
        loader.renderer = OfflineRenderer(ini_file, loader.naming_convention)
    renderer = loader.renderer
    renderer.bind.empty_reads = empty_reads
    _Approximation.empty_reads_used = False
    unit = Unit(file=revision.file, revision=revision, statements=[])
    unknown_tables: list[str] = []
    _AskedIfOffline.revision_file, _AskedIfOffline.asked = str(revision.file), False
    try:
        with (
            loader.importable(),
            quiet(),
            sqlalchemy_1x_calls(),
            _reflection_without_database(renderer.bind, unknown_tables)
            if empty_reads
            else contextlib.nullcontext(),
            time_limit(RENDER_TIMEOUT_SECONDS),
        ):
            # A stand-in deciding a branch (``if skip_helper(op): return``): the rendering
            # with stand-ins true, kept while the one with stand-ins false is tried.
            truthy: tuple[list[Statement], tuple[str, ...]] | None = None
            keep_truthy = False
            StandInTruth.value, StandInTruth.asked = True, False
            for _attempt in range(MAX_STANDINS + 2):
                recorder = Recorder(
                    file=revision.file, revision=revision.id, dialect=renderer.dialect
                )
                unit.statements = recorder.statements
                unit.problem = None
                try:
                    module, _ = loader.load(revision.file)
                    upgrade = getattr(module, "upgrade", None)
                    if not callable(upgrade):
                        unit.problem = RenderProblem("the module has no upgrade() function")
                        return unit
                    try:
                        with exits_as_errors():
                            renderer.run(upgrade, recorder)
                    except (Exception, RenderTimeout) as exc:
                        if truthy is not None:  # the other branch breaks: the first it is
                            keep_truthy = True
                            return unit
                        if isinstance(exc, Exception) and loader.stand_in_for(exc, revision.file):
                            continue
                        raise
                    if truthy is None and StandInTruth.asked:
                        truthy = (unit.statements, loader.used_standins())
                        StandInTruth.value = False
                        continue
                    # The branch that does the work: more statements (a tie keeps the first).
                    keep_truthy = truthy is not None and len(truthy[0]) >= len(unit.statements)
                    return unit
                finally:
                    if keep_truthy and truthy is not None:
                        unit.statements, unit.standins = truthy
                    else:
                        unit.standins = loader.used_standins()
                    loader.release()
    except (Exception, RenderTimeout) as exc:  # a revision may raise anything: go on
        unit.problem = describe_exception(exc, revision.file)
        if _AskedIfOffline.asked and not unit.problem.timed_out:
            unit.problem.message = f"refuses to run offline: {unit.problem.message}"
            unit.problem.needs_database = True
    finally:
        _AskedIfOffline.asked = False
        StandInTruth.value, StandInTruth.asked = True, False
        renderer.bind.empty_reads = False
        unit.depends_on = loader.project_modules()
        unit.standins = (*unit.standins, *map(_unknown_table, dict.fromkeys(unknown_tables)))
        if _Approximation.empty_reads_used:
            unit.standins = (*unit.standins, EMPTY_READS)
    return unit


@contextmanager
def _reflection_without_database(
    bind: OfflineBind, reflected: list[str]
) -> Generator[None, None, None]:
    """``sa.Table(name, metadata, autoload_with=op.get_bind())`` in the last resort of the
    database fallback (the throwaway database does not have the table: the application made it
    with ``create_all()``, before its first revision): the table gets each column the revision
    names, typed as a stand-in, and its name is added to ``reflected``. With no rows to read,
    a data migration over it renders what it does to the schema (usually nothing)."""
    autoload = sa.Table._autoload

    def offline_autoload(
        self: sa.Table, metadata: sa.MetaData, autoload_with: Any, *a: Any, **kw: Any
    ) -> None:
        if autoload_with is not bind:
            autoload(self, metadata, autoload_with, *a, **kw)
            return
        self.__class__ = _TableOfNamedColumns
        reflected.append(self.name)
        made.append(self)

    values = ValuesBase.values

    def values_naming_columns(self: Any, *args: Any, **kwargs: Any) -> Any:
        # ``table.update().values(filter_type=...)``: the names a statement sets are columns too.
        if isinstance(self.table, _TableOfNamedColumns):
            named = [*kwargs, *(k for a in args if isinstance(a, dict) for k in a)]
            for name in named:
                if isinstance(name, str):
                    self.table.c[name]
        return values(self, *args, **kwargs)

    made: list[sa.Table] = []
    sa.Table._autoload = offline_autoload  # type: ignore[method-assign]
    ValuesBase.values = values_naming_columns  # type: ignore[method-assign]
    try:
        yield
    finally:
        sa.Table._autoload = autoload  # type: ignore[method-assign]
        ValuesBase.values = values  # type: ignore[method-assign]
        # A MetaData that outlives the revision (a module of the project) must not hand the
        # guessed table to a later revision: that one reflects again, or needs the database.
        for table in made:
            table.__class__ = sa.Table
            with contextlib.suppress(Exception):
                table.metadata.remove(table)


class _TableOfNamedColumns(sa.Table):
    """A reflected table whose columns are unknown: any column named exists (stand-in type)."""

    inherit_cache = True

    @property
    def c(self) -> Any:  # type: ignore[override]
        return _ColumnsOnDemand(self)

    columns = c  # type: ignore[assignment]


class _ColumnsOnDemand:
    """``table.c.name`` / ``table.c["name"]`` add the column when it is not there yet; the
    rest of the collection's interface is the real one's."""

    def __init__(self, table: sa.Table) -> None:
        self._table = table

    def _column(self, name: str) -> Any:
        columns = self._table._columns
        if name not in columns:
            _Approximation.used = True
            self._table.append_column(sa.Column(name, StandIn(name)))
        return columns[name]

    def __getattr__(self, name: str) -> Any:
        real = self._table._columns.as_readonly()
        if name.startswith("_") or hasattr(real, name):
            return getattr(real, name)
        return self._column(name)

    def __getitem__(self, key: Any) -> Any:
        if isinstance(key, str):
            return self._column(key)
        return self._table._columns.as_readonly()[key]

    def __contains__(self, key: object) -> bool:
        # The real answer: SQLAlchemy probes names (labels) that must not come into being.
        return isinstance(key, str) and key in self._table._columns

    def __iter__(self) -> Iterator[Any]:
        return iter(self._table._columns)

    def __len__(self) -> int:
        return len(self._table._columns)
