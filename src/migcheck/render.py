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

import ast
import contextlib
import hashlib
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
from alembic.operations import MigrateOperation, Operations
from alembic.runtime.environment import EnvironmentContext
from alembic.runtime.migration import MigrationContext
from sqlalchemy.dialects import postgresql
from sqlalchemy.types import UserDefinedType

from migcheck.model import OpValue, RenderProblem, Revision, Statement, Unit

# A revision whose import or upgrade() takes longer than this is reported, not waited for.
RENDER_TIMEOUT_SECONDS = 20.0
# How many distinct failing imports one revision may need stand-ins for.
MAX_STANDINS = 25


class NeedsDatabase(Exception):
    """The revision asks the database a question that has no offline answer."""


class RenderTimeout(Exception):
    pass


# --------------------------------------------------------------------------- stand-ins


class _Approximation:
    """Set when a stand-in leaks into SQL; the next recorded statement is then approximate."""

    used = False


class StandIn(UserDefinedType):  # type: ignore[type-arg]
    """A permissive replacement for anything imported from a module that failed to import.

    It is a SQLAlchemy type (so ``sa.Column("price", Money(10, 2))`` renders, as TEXT), callable,
    subscriptable, iterable (empty) and has every public attribute (another stand-in).
    """

    cache_ok = True

    def __init__(self, *args: object, **kwargs: object) -> None:
        self._standin_name = str(args[0]) if args and isinstance(args[0], str) else "stand_in"

    def get_col_spec(self, **kw: object) -> str:
        _Approximation.used = True
        return "TEXT"

    def __getattr__(self, name: str) -> StandIn:
        if name.startswith("_") and name != "__members__":
            raise AttributeError(name)
        return StandIn(name)

    def __call__(self, *args: object, **kwargs: object) -> StandIn:
        return StandIn(self._standin_name)

    def __getitem__(self, key: object) -> StandIn:
        return StandIn(self._standin_name)

    def __iter__(self) -> Iterator[Any]:
        return iter(())

    def __len__(self) -> int:
        return 0

    def __bool__(self) -> bool:
        return True

    def __str__(self) -> str:
        _Approximation.used = True
        return self._standin_name

    def __repr__(self) -> str:
        return f"<stand-in {self._standin_name}>"

    def __hash__(self) -> int:
        return id(self)

    def __eq__(self, other: object) -> bool:
        return self is other


class StandInModule(types.ModuleType):
    """A module whose every public attribute is a :class:`StandIn`."""

    def __init__(self, name: str, reason: str) -> None:
        super().__init__(name)
        self.__path__ = []  # a package, so ``import name.sub`` reaches us again
        self.__file__ = f"<migcheck stand-in for {name}>"
        self.__migcheck_reason__ = reason

    def __getattr__(self, name: str) -> Any:
        if name.startswith("__") and name.endswith("__"):
            raise AttributeError(name)
        return StandIn(name)


# --------------------------------------------------------------------------- the offline bind


class OfflineBind:
    """What ``op.get_bind()`` returns offline.

    Writes are recorded as statements; anything that needs rows back raises NeedsDatabase.
    ``.dialect`` is real so ``if bind.dialect.name == "postgresql"`` works.
    """

    def __init__(self, emit: Callable[[str], object]) -> None:
        self.dialect = postgresql.dialect()
        self.engine = self
        self._emit = emit

    def execute(self, statement: Any, *args: Any, **kwargs: Any) -> _NoRows:
        if args or kwargs.get("parameters"):
            raise NeedsDatabase("executes a statement with bound parameters on op.get_bind()")
        if isinstance(statement, str):
            statement = sa.text(statement)
        compiled = _compile(statement, self.dialect)
        if _returns_rows(compiled):
            raise NeedsDatabase(
                f"reads the database: op.get_bind().execute({_shorten(compiled)!r})"
            )
        self._emit(compiled)
        return _NoRows()

    def exec_driver_sql(self, statement: str, *args: Any, **kwargs: Any) -> _NoRows:
        return self.execute(sa.text(statement.replace("%%", "%")))

    def _run_ddl_visitor(self, visitorcallable: Any, element: Any, **kwargs: Any) -> None:
        """``postgresql.ENUM(...).create(op.get_bind())``, ``table.create(bind)``: emit the DDL,
        as SQLAlchemy's mock connection (so ``alembic upgrade --sql``) does, with ``checkfirst``
        off since there is nothing to check against offline."""
        kwargs["checkfirst"] = False
        visitorcallable(self.dialect, self, **kwargs).traverse_single(element)

    def __getattr__(self, name: str) -> Any:
        if name.startswith("__"):
            raise AttributeError(name)
        raise NeedsDatabase(f"uses op.get_bind().{name}, which needs a live connection")


class _NoRows:
    """The result of a write through :class:`OfflineBind`: no rows, nothing to count."""

    rowcount = -1

    def fetchall(self) -> list[Any]:
        raise NeedsDatabase("reads rows from the result of op.get_bind().execute()")

    fetchone = first = scalar = scalar_one = one = all = mappings = scalars = fetchall

    def close(self) -> None:
        return None


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
    return summary


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
    _file_key: str = ""

    def __post_init__(self) -> None:
        self._file_key = str(self.file)

    def call_line(self) -> tuple[int, int | None]:
        """Line of the innermost frame executing the revision file (the operation call)."""
        frame = sys._getframe(1)
        while frame is not None:
            if frame.f_code.co_filename == self._file_key:
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

    def get_bind(self) -> Any:
        if self.offline_bind is not None:
            return self.offline_bind
        return super().get_bind()

    def invoke(self, operation: MigrateOperation) -> Any:
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
            yield batch_op


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


class OfflineMigrationContext(MigrationContext):
    """Offline context whose ``autocommit_block()`` marks statements as outside the
    transaction instead of printing COMMIT/BEGIN."""

    recorder: Recorder

    @contextmanager
    def autocommit_block(self) -> Generator[None, None, None]:
        previous = self.recorder.in_autocommit
        self.recorder.in_autocommit = True
        try:
            yield
        finally:
            self.recorder.in_autocommit = previous


# --------------------------------------------------------------------------- loading


@dataclass
class Loader:
    """Imports revision modules one at a time, with stand-ins for imports that fail.

    ``sys_paths`` are put in front of ``sys.path`` (Alembic's ``prepend_sys_path``). Imports that
    failed once are stood in directly for later revisions of the same run.
    """

    sys_paths: list[Path] = field(default_factory=list)
    failed_imports: dict[str, str] = field(default_factory=dict)
    renderer: OfflineRenderer | None = None
    _installed: list[str] = field(default_factory=list)

    @contextmanager
    def importable(self) -> Generator[None, None, None]:
        added = [str(p) for p in self.sys_paths if str(p) not in sys.path]
        sys.path[:0] = added
        try:
            yield
        finally:
            for entry in added:
                with contextlib.suppress(ValueError):
                    sys.path.remove(entry)

    def load(self, path: Path) -> tuple[types.ModuleType, tuple[str, ...]]:
        """Import ``path``; returns the module and the names of the imports stood in.

        Raises the original exception if the failure is not an import problem."""
        stood_in: dict[str, str] = {}
        installed: list[str] = []
        for name in self.failed_imports:
            if name not in sys.modules:
                sys.modules[name] = StandInModule(name, self.failed_imports[name])
                installed.append(name)
                stood_in[name] = self.failed_imports[name]
        try:
            for _attempt in range(MAX_STANDINS + 1):
                module_name = "migcheck_rev_" + hashlib.sha1(str(path).encode()).hexdigest()[:16]
                spec = importlib.util.spec_from_file_location(module_name, path)
                if spec is None or spec.loader is None:
                    raise ImportError(f"cannot load {path}")
                module = importlib.util.module_from_spec(spec)
                try:
                    spec.loader.exec_module(module)
                except Exception as exc:
                    culprit = _failed_import(exc, path)
                    if culprit is None or culprit in stood_in:
                        raise
                    reason = f"{type(exc).__name__}: {exc}".splitlines()[0]
                    stood_in[culprit] = reason
                    self.failed_imports[culprit] = reason
                    for name in _with_parents(culprit):
                        if name not in sys.modules or name == culprit:
                            sys.modules[name] = StandInModule(name, reason)
                            installed.append(name)
                    continue
                return module, tuple(sorted(stood_in))
            raise ImportError(f"gave up after {MAX_STANDINS} stand-ins")
        finally:
            # Stand-ins live only while this revision loads and renders: see `release`.
            self._installed = installed

    def release(self) -> None:
        for name in self._installed:
            if isinstance(sys.modules.get(name), StandInModule):
                del sys.modules[name]
        self._installed.clear()


def _with_parents(name: str) -> list[str]:
    parts = name.split(".")
    return [".".join(parts[: i + 1]) for i in range(len(parts))]


def _failed_import(exc: BaseException, path: Path) -> str | None:
    """The module to stand in for, if ``exc`` was raised by an import in ``path``."""
    if isinstance(exc, ModuleNotFoundError) and exc.name:
        return exc.name
    # Another exception (or ImportError "cannot import name"): find the import statement of
    # the revision file that was executing, and stand in the module it imports.
    line = None
    for frame, lineno in traceback.walk_tb(exc.__traceback__):
        if frame.f_code.co_filename == str(path):
            line = lineno
    if line is None:
        return None
    try:
        tree = ast.parse(path.read_text(encoding="utf-8"))
    except (OSError, SyntaxError, UnicodeDecodeError):
        return None
    for node in ast.walk(tree):
        if isinstance(node, ast.Import | ast.ImportFrom) and node.lineno <= line <= (
            node.end_lineno or node.lineno
        ):
            if isinstance(node, ast.ImportFrom):
                if node.level:  # relative imports have no package to stand in for here
                    return None
                return node.module
            return node.names[0].name
    return None


# --------------------------------------------------------------------------- rendering


@contextmanager
def _time_limit(seconds: float) -> Generator[None, None, None]:
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


def describe_exception(exc: BaseException, path: Path) -> RenderProblem:
    """One line naming the cause, and the line of the revision file where it happened."""
    line = None
    for frame, lineno in traceback.walk_tb(exc.__traceback__):
        if frame.f_code.co_filename == str(path):
            line = lineno
    text = str(exc).strip().splitlines()[0] if str(exc).strip() else ""
    if isinstance(exc, NeedsDatabase):
        return RenderProblem(message=text, line=line, needs_database=True)
    if type(exc).__name__ == "NoInspectionAvailable":
        return RenderProblem(
            message="inspects the live schema (sa.inspect(op.get_bind()))",
            line=line,
            needs_database=True,
        )
    if isinstance(exc, AttributeError) and "NoneType" in text:
        return RenderProblem(
            message=f"uses a database connection that does not exist offline ({text})",
            line=line,
            needs_database=True,
        )
    message = f"{type(exc).__name__}: {text}" if text else type(exc).__name__
    return RenderProblem(message=message, line=line)


def needs_database(problem: RenderProblem | None) -> bool:
    return problem is not None and problem.needs_database


def environment(ini_file: Path | None, *, as_sql: bool = True) -> EnvironmentContext:
    """A minimal ``alembic.context`` so that ``context.is_offline_mode()`` and
    ``context.get_x_argument()`` work inside revisions."""
    config = Config(str(ini_file)) if ini_file is not None else Config()
    no_script: Any = None  # revisions are loaded by migcheck, not by a ScriptDirectory
    return EnvironmentContext(config, no_script, as_sql=as_sql)


class OfflineRenderer:
    """One offline Alembic context per process, reused for every revision (building a
    MigrationContext per revision costs as much as rendering a small revision)."""

    def __init__(self, ini_file: Path | None) -> None:
        self.dialect = postgresql.dialect()
        self.recorder = Recorder(file=Path(), revision=None, dialect=self.dialect)
        self.buffer = _CaptureBuffer(self.recorder)
        self.context = OfflineMigrationContext(
            self.dialect,
            None,
            {"as_sql": True, "output_buffer": self.buffer, "literal_binds": True},
            None,
        )
        self.operations = RecordingOperations(self.context)
        self.bind = OfflineBind(self._record)
        self.operations.offline_bind = self.bind
        self.env = environment(ini_file)
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


def render_offline(revision: Revision, loader: Loader, ini_file: Path | None = None) -> Unit:
    """Render one revision's ``upgrade()`` to statements, offline."""
    if loader.renderer is None:
        loader.renderer = OfflineRenderer(ini_file)
    renderer = loader.renderer
    recorder = Recorder(file=revision.file, revision=revision.id, dialect=renderer.dialect)
    unit = Unit(file=revision.file, revision=revision, statements=recorder.statements)
    try:
        with loader.importable(), _time_limit(RENDER_TIMEOUT_SECONDS):
            try:
                module, standins = loader.load(revision.file)
                unit.standins = standins
                upgrade = getattr(module, "upgrade", None)
                if not callable(upgrade):
                    unit.problem = RenderProblem("the module has no upgrade() function")
                    return unit
                renderer.run(upgrade, recorder)
            finally:
                loader.release()
    except (Exception, RenderTimeout) as exc:  # a revision may raise anything: go on
        unit.problem = describe_exception(exc, revision.file)
    return unit
