"""Import revision modules one at a time, with stand-ins for the imports that fail.

Revisions often import the application (an enum, a custom column type, the settings). Where
the application is not installed (a CI job, a pre-commit hook), that import fails and would
take the whole revision down. Here the failing module, or the missing name, is replaced by a
permissive :class:`StandIn` and the revision is loaded again; SQL built from a stand-in is
rendered with a neutral type and marked approximate. The real import is always tried first,
and stand-ins live only while one revision loads and renders.
"""

from __future__ import annotations

import ast
import contextlib
import functools
import hashlib
import importlib.abc
import importlib.machinery
import importlib.util
import logging
import os
import re
import sys
import traceback
import types
from collections.abc import Callable, Generator, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

import sqlalchemy as sa
from sqlalchemy.types import UserDefinedType

from migcheck.cache import file_digest
from migcheck.naming import NamingConvention

if TYPE_CHECKING:
    from migcheck.render import OfflineRenderer

# How many distinct failing imports one revision may need stand-ins for.
MAX_STANDINS = 25

# --------------------------------------------------------------------------- project modules


def project_modules(
    roots: Sequence[Path], names: Iterable[str] | None = None
) -> Iterator[tuple[str, Path]]:
    """(name, file) of each imported module (of ``names``, if given) whose file lies under
    ``roots``: the project's own code. Installed packages are not, even in an environment
    inside the project (.venv)."""
    folders = tuple(root.resolve() for root in roots)
    modules = sys.modules
    for name in list(modules if names is None else names):
        module = modules.get(name)
        file = getattr(module, "__file__", None)
        if not file or isinstance(module, StandInModule):
            continue
        path = _project_file(file, folders)
        if path is not None:
            yield name, path


# A module's file never moves: resolving it (a realpath, several system calls) once per file
# and set of roots keeps this cheap enough to call after every render (~550 modules loaded).
_PROJECT_FILES: dict[tuple[str, tuple[Path, ...]], Path | None] = {}


@functools.cache
def _installed() -> tuple[Path, ...]:
    return Path(sys.prefix).resolve(), Path(sys.base_prefix).resolve()


def _project_file(file: str, folders: tuple[Path, ...]) -> Path | None:
    key = (file, folders)
    if key not in _PROJECT_FILES:
        path = Path(file).resolve()
        if any(path.is_relative_to(p) for p in _installed()) or "site-packages" in path.parts:
            _PROJECT_FILES[key] = None
        else:
            inside = any(path.is_relative_to(folder) for folder in folders)
            _PROJECT_FILES[key] = path if inside else None
    return _PROJECT_FILES[key]


# --------------------------------------------------------------------------- stand-ins


class _Approximation:
    """Set when a stand-in leaks into SQL; the next recorded statement is then approximate."""

    used = False
    # A read of the database was answered "no rows" offline (render_offline(empty_reads=True)).
    empty_reads_used = False


class StandInTruth:
    """What a stand-in is worth as a condition (``if stand_in:``, ``if not helper(...):``),
    and whether a revision asked. True at first; the renderer tries False too where a revision
    asked, and keeps the rendering that does the work (see ``render.render_offline``): ckan
    guards 87 of its 110 revisions with ``if skip_based_on_legacy_engine_version(op,
    __name__): return``, which a true stand-in made skip everything."""

    value: bool = True
    asked: bool = False


class _StandInUse:
    """The stand-in modules that something was taken from since the last reset: only those
    are reported (a stand-in installed for an earlier revision's import and never touched by
    this one changed nothing in its SQL)."""

    names: set[str] = set()


_EMPTY_QUERY_RESULTS: dict[str, Callable[[], Any]] = {
    "all": list,
    "first": lambda: None,
    "one_or_none": lambda: None,
    "scalar": lambda: None,
    "scalar_one_or_none": lambda: None,
    "count": int,
    "fetchall": list,
    "fetchone": lambda: None,
}
"""Methods that end a query, and what they give when there are no rows."""


class RevisionExited(Exception):
    """A revision, or a module it imports, called sys.exit() or os._exit() while rendering
    (``sys.exit("SECRET is not set")`` in an application's settings is common)."""


@contextmanager
def exits_as_errors() -> Generator[None, None, None]:
    """Within the block, sys.exit() raises :class:`RevisionExited` (with its traceback, so the
    import that did it can get a stand-in) and os._exit() cannot end the process: one revision
    must not end the lint of every other one."""
    real_exit = os._exit

    def refuse(status: int) -> NoReturn:
        raise RevisionExited(f"os._exit({status}) was called")

    os._exit = refuse  # ty: ignore[invalid-assignment]  (same signature; ty compares names)
    try:
        yield
    except SystemExit as exited:
        raise RevisionExited(f"sys.exit({exited.code!r}) was called").with_traceback(
            exited.__traceback__
        ) from None
    finally:
        os._exit = real_exit


def _snake_case(name: str) -> str:
    """``RecipeNote`` -> ``recipe_note``, ``HTTPLog`` -> ``http_log``."""
    return re.sub(r"(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])", "_", name).lower()


def _standin_result(self: StandIn, *args: object, **kwargs: object) -> StandIn:
    # Keeps the operand's name: a failure further on (``sa.and_(~Model.deleted, ...)``) then
    # says which of the application's names it needed, not "stand_in".
    return StandIn(self._standin_name)


# A stand-in type named like one of these (``BigIntegerType``, ``GUID``-less ``UUIDType``) is
# that type; the first match wins.
_TYPE_WORDS = (
    ("bigint", "BIGINT"),
    ("smallint", "SMALLINT"),
    ("integer", "INTEGER"),
    ("uuid", "UUID"),
)


# Names a revision compares ``dialect.name`` with (see StandIn.__eq__).
_DATABASE_NAMES = frozenset(
    ("postgresql", "postgres", "sqlite", "mysql", "mariadb", "mssql", "oracle", "cockroachdb")
)


class StandIn(UserDefinedType):  # type: ignore[type-arg]
    """A permissive replacement for anything imported from a module that failed to import.

    It is a SQLAlchemy type (so ``sa.Column("price", Money(10, 2))`` renders, as TEXT), callable,
    subscriptable, iterable (empty), a context manager, and has every public attribute (another
    stand-in). Arithmetic and comparisons give another stand-in, so module-level code such as
    ``"<style>" + css.value`` or ``if cfg.VERSION >= 2`` does not stop the render.
    """

    cache_ok = True

    standin_arguments: dict[str, object] = {}  # set on the result of a call, never mutated

    def __init__(self, *args: object, **kwargs: object) -> None:
        self._standin_name = str(args[0]) if args and isinstance(args[0], str) else "stand_in"

    def get_col_spec(self, **kw: object) -> str:
        """TEXT, unless the name says which integer or a uuid: privacyidea's ``BigIntegerType``
        (from its models, not importable) is BIGINT, so that a foreign key from a column of it
        to a BIGINT identity can be made on lint's database (TEXT cannot reference BIGINT)."""
        _Approximation.used = True
        name = self._standin_name.lower()
        for word, spec in _TYPE_WORDS:
            if word in name:
                return spec
        return "TEXT"

    def literal_processor(self, dialect: Any) -> Any:
        """Values of a stand-in type (a column of a table no database could show, an
        application type) are written as their own type would write them."""

        def literal(value: Any, /) -> str:
            _Approximation.used = True
            if isinstance(value, StandIn):
                return "NULL"
            return str(
                sa.literal(value).compile(dialect=dialect, compile_kwargs={"literal_binds": True})
            )

        return literal

    def __getattr__(self, name: str) -> Any:
        if name == "__tablename__":
            # An application model: the name of its table is a guess from the class name
            # (``RecipeTag`` -> ``recipe_tag``), and SQL built with it is approximate.
            _Approximation.used = True
            return _snake_case(self._standin_name)
        if name == "__table__":
            # ``op.bulk_insert(User.__table__, rows)``: a stand-in named like the table, which
            # the renderer turns into a table of the rows' columns (see OpsRecorder.invoke).
            _Approximation.used = True
            return StandIn(_snake_case(self._standin_name))
        if name.startswith("_") and name != "__members__":
            # Named so that a failure it causes says where it comes from (describe_exception).
            raise AttributeError(f"{name} of <stand-in {self._standin_name}>")
        if name in _EMPTY_QUERY_RESULTS:
            return _QueryEnd(name)
        return StandIn(name)

    def __call__(self, *args: object, **kwargs: object) -> StandIn:
        made = StandIn(self._standin_name)
        # What it was called with: a plugin's value object (alembic-postgresql-enum's
        # ``TableReference(table_name=..., column_name=...)``) is read by migcheck.plugin_ops.
        made.standin_arguments = kwargs
        return made

    def __mro_entries__(self, bases: tuple[object, ...]) -> tuple[type, ...]:
        """A stand-in as a base class. Beside real classes, ``class Table(AppMixin, Base)`` in
        a revision (superset, cloudkitty), it is left out: the model keeps what the revision
        itself declares (the mixin's columns are unknown: approximate); before, Python refused
        the class (metaclass conflict) and the revision was not rendered at all. Among
        stand-ins only, the class is a stand-in named after it, as it always was."""
        if any(isinstance(base, type) for base in bases):
            _Approximation.used = True
            return ()
        first = next(base for base in bases if isinstance(base, StandIn))
        return (_StandInBase,) if first is self else ()

    def __getitem__(self, key: object) -> StandIn:
        return StandIn(self._standin_name)

    def __iter__(self) -> Iterator[Any]:
        return iter(())

    def __len__(self) -> int:
        return 0

    def __contains__(self, item: object) -> bool:
        return False

    def __bool__(self) -> bool:
        StandInTruth.asked = True
        return StandInTruth.value

    def __int__(self) -> int:
        return 0

    def __index__(self) -> int:
        return 0

    def __float__(self) -> float:
        return 0.0

    def __enter__(self) -> StandIn:
        return self

    def __fspath__(self) -> str:
        """A stand-in used as a file's path (``logging.FileHandler(app.config["LOG"])`` at
        module level) names the null device: written to, it keeps nothing; read, it is empty."""
        _Approximation.used = True
        return os.devnull

    def __exit__(self, *exc_info: object) -> None:
        return None

    __add__ = __radd__ = __sub__ = __rsub__ = __mul__ = __rmul__ = _standin_result
    __truediv__ = __rtruediv__ = __floordiv__ = __rfloordiv__ = _standin_result
    __mod__ = __rmod__ = __pow__ = __rpow__ = _standin_result
    __and__ = __rand__ = __or__ = __ror__ = __xor__ = __rxor__ = _standin_result
    __lt__ = __le__ = __gt__ = __ge__ = _standin_result  # type: ignore[assignment]
    __neg__ = __pos__ = __invert__ = _standin_result

    def __str__(self) -> str:
        _Approximation.used = True
        return self._standin_name

    def __repr__(self) -> str:
        return f"<stand-in {self._standin_name}>"

    def __hash__(self) -> int:
        return id(self)

    def __eq__(self, other: object) -> bool:
        """Itself only, except against a database's name: ``dialect_name == "postgresql"``
        where ``dialect_name`` came from the application's helper (meltano's
        ``get_dialect_name()``, which reads ``op.get_bind().dialect.name``) and the helper is a
        stand-in. The revision asks which database it runs on; the answer is PostgreSQL
        (before, every such test was false, the MySQL branch was taken, and lint reported a
        DATETIME column as an error)."""
        if isinstance(other, str) and other.lower() in _DATABASE_NAMES:
            _Approximation.used = True
            return other.lower() in ("postgresql", "postgres")
        return self is other

    def __ne__(self, other: object) -> bool:
        return not self.__eq__(other)


class _MadeStandIn(type):
    """The metaclass of :class:`_StandInBase`: a class statement deriving from it makes a
    stand-in named after the class (``class Money(app_types.Decimal): ...``)."""

    def __new__(mcs, name: str, bases: tuple[type, ...], namespace: dict[str, Any]) -> Any:
        if bases:
            return StandIn(name)
        return super().__new__(mcs, name, bases, namespace)


class _StandInBase(metaclass=_MadeStandIn):
    """What a stand-in base class stands for in a class statement (StandIn.__mro_entries__)."""


class _QueryEnd(StandIn):
    """``first``, ``all``, ``count``... of a stand-in: called, the end of an ORM query on an
    application model (``User.query.filter(...).first()``) finds no rows, as
    ``session.query(Model)`` does (render._EmptyQuery); otherwise an ordinary stand-in (a
    column may be called ``count``)."""

    cache_ok = True

    def __call__(self, *args: object, **kwargs: object) -> Any:
        _Approximation.used = _Approximation.empty_reads_used = True
        return _EMPTY_QUERY_RESULTS[self._standin_name]()


class EnvOptions(dict[str, Any]):
    """``op.get_context().opts`` where env.py's own options are missing: migcheck does not run
    env.py, so an option it passes to ``context.configure(aiida_profile=...)`` is not there, and
    a revision reading ``op.get_context().opts["aiida_profile"]`` (aiida-core) failed with a
    KeyError. A missing option is a stand-in, as a missing import is (approximate)."""

    def __missing__(self, key: str) -> Any:
        _Approximation.used = True
        return StandIn(str(key))


_logging: Any = logging  # _checkLevel is private: not in the stubs
_check_log_level: Callable[[object], int] = _logging._checkLevel


def _log_level(level: object) -> int:
    """``handler.setLevel(current_app.config.get("LOG_LEVEL", "DEBUG"))`` at module level of a
    revision (lemur), the application's config a stand-in: logging refused the level with a
    TypeError and the revision was not rendered. A stand-in level is NOTSET (log everything,
    to the null device a stand-in file name is)."""
    if isinstance(level, StandIn):
        return logging.NOTSET
    return _check_log_level(level)


_logging._checkLevel = _log_level


class StandInModule(types.ModuleType):
    """A module whose every public attribute is a :class:`StandIn`."""

    # Names of the stand-in modules created since the last release: what to take back out of
    # sys.modules (scanning all of sys.modules after every revision costs more).
    created: set[str] = set()

    def __init__(self, name: str, reason: str) -> None:
        super().__init__(name)
        StandInModule.created.add(name)
        self.__path__ = []  # a package, so ``import name.sub`` reaches us again
        self.__file__ = f"<migcheck stand-in for {name}>"
        self.__migcheck_reason__ = reason

    def __getattr__(self, name: str) -> Any:
        if name.startswith("__") and name.endswith("__"):
            raise AttributeError(name)
        _StandInUse.names.add(self.__name__)
        return StandIn(name)


class _StandInSubmodules(importlib.abc.MetaPathFinder, importlib.abc.Loader):
    """``import app.models.user`` where ``app`` is a stand-in: a stand-in too, at once, instead
    of one failed import (and one more load of the revision) per level of the dotted name."""

    def find_spec(
        self, fullname: str, path: Any = None, target: types.ModuleType | None = None
    ) -> importlib.machinery.ModuleSpec | None:
        parent = sys.modules.get(fullname.rpartition(".")[0])
        if not isinstance(parent, StandInModule):
            return None
        return importlib.util.spec_from_loader(fullname, self)

    def create_module(self, spec: importlib.machinery.ModuleSpec) -> types.ModuleType:
        parent = sys.modules[spec.name.rpartition(".")[0]]
        return StandInModule(spec.name, getattr(parent, "__migcheck_reason__", ""))

    def exec_module(self, module: types.ModuleType) -> None:
        return None


_STANDIN_FINDER = _StandInSubmodules()


# --------------------------------------------------------------------------- loading


@dataclass
class Loader:
    """Imports revision modules one at a time, with stand-ins for imports that fail.

    ``sys_paths`` are put in front of ``sys.path`` (Alembic's ``prepend_sys_path``). Imports that
    failed once are stood in directly for later revisions of the same run; names that a revision
    takes from an installed module that no longer has them (``sa.Variant`` in a revision written
    for SQLAlchemy 1.x, a model the application renamed since) are stood in the same way. Only
    what the revision actually used is reported (:meth:`used_standins`).
    """

    sys_paths: list[Path] = field(default_factory=list)
    stand_ins: bool = True
    """False where revisions run for real (rehearse): a failed import fails the revision, as
    it would fail ``alembic upgrade``, instead of running SQL made from stand-in values."""
    naming_convention: NamingConvention = ()
    """env.py's target_metadata's, which Alembic names unnamed constraints with
    (:mod:`migcheck.naming`): the renderers give it to their migration context."""
    failed_imports: dict[str, str] = field(default_factory=dict)
    # Module name -> attribute names it lacks that revisions use.
    missing_attributes: dict[str, set[str]] = field(default_factory=dict)
    renderer: OfflineRenderer | None = None
    # Stood in for the first time while loading or rendering the current revision.
    _fresh: set[str] = field(default_factory=set)
    # Modules given a __getattr__ for their missing names: (module, its own hook, ours).
    _hooked: list[tuple[types.ModuleType, Any, Any]] = field(default_factory=list)
    # Module names already looked at by project_modules(), and those that are the project's.
    _scanned: set[str] = field(default_factory=set)
    _own: dict[str, Path] = field(default_factory=dict)

    @contextmanager
    def importable(self) -> Generator[None, None, None]:
        added = [str(p) for p in self.sys_paths if str(p) not in sys.path]
        sys.path[:0] = added
        sys.meta_path.insert(0, _STANDIN_FINDER)
        try:
            yield
        finally:
            with contextlib.suppress(ValueError):
                sys.meta_path.remove(_STANDIN_FINDER)
            for entry in added:
                with contextlib.suppress(ValueError):
                    sys.path.remove(entry)

    def load(self, path: Path) -> tuple[types.ModuleType, tuple[str, ...]]:
        """Import ``path``; returns the module and the stand-ins it used so far.

        Raises the original exception if the failure is not an import problem. Call
        :meth:`release` when done with the revision (after rendering it)."""
        _StandInUse.names = set()
        self._fresh = set()
        for name, reason in self.failed_imports.items():
            if name not in sys.modules:
                sys.modules[name] = StandInModule(name, reason)
        for module_name in self.missing_attributes:
            self._hook_attributes(module_name)
        for _attempt in range(MAX_STANDINS + 1):
            module_name = "migcheck_rev_" + hashlib.sha1(str(path).encode()).hexdigest()[:16]
            spec = importlib.util.spec_from_file_location(module_name, path)
            if spec is None or spec.loader is None:
                raise ImportError(f"cannot load {path}")
            module = importlib.util.module_from_spec(spec)
            try:
                with exits_as_errors():
                    spec.loader.exec_module(module)
            except Exception as exc:
                if not self.stand_in_for(exc, path):
                    raise
                continue
            return module, self.used_standins()
        raise ImportError(f"gave up after {MAX_STANDINS} stand-ins")

    def stand_in_for(self, exc: BaseException, path: Path) -> bool:
        """If ``exc`` is an import (or a missing name of an installed module) that a stand-in
        can replace, install the stand-in and return True: load the revision again."""
        if not self.stand_ins or len(self._fresh) >= MAX_STANDINS:
            return False
        missing = _missing_attribute(exc)
        if missing is not None:
            module, attribute = missing
            wanted = self.missing_attributes.setdefault(module.__name__, set())
            if attribute in wanted:
                return False  # already stood in: the failure is something else
            wanted.add(attribute)
            self._hook_attributes(module.__name__)
            self._fresh.add(f"{module.__name__}.{attribute}")
            return True
        culprit = _failed_import(exc, path)
        if culprit is None or isinstance(sys.modules.get(culprit), StandInModule):
            return False
        reason = f"{type(exc).__name__}: {exc}".splitlines()[0]
        self.failed_imports[culprit] = reason
        self._fresh.add(culprit)
        for name in _with_parents(culprit):
            if name not in sys.modules or name == culprit:
                sys.modules[name] = StandInModule(name, reason)
        return True

    def project_modules(self) -> tuple[tuple[str, str], ...]:
        """The project's own modules imported so far (files under ``sys_paths``, not installed
        packages), each with the SHA-256 of its source: what a render depends on besides the
        revision (a helper that builds the index, an enum's values). Over-approximate within one
        process, where a module another revision imported counts too: a change then renders
        more revisions again than needed, never fewer."""
        found: set[tuple[str, str]] = set()
        for path in self._own_modules().values():
            digest = file_digest(path)
            if digest is not None:
                found.add((str(path), digest))
        # A module that could not be imported (stood in) may be the project's own, missing or
        # broken for now: where it would be, with "" for a file that is not there.
        missing = [*self.failed_imports]
        missing += [
            f"{module}.{name}"
            for module, names in self.missing_attributes.items()
            for name in names
        ]  # ``from pkg import sub``: sub may be a module to come
        for name in missing:
            parts = name.split(".")
            for root in self.sys_paths:
                for candidate in (
                    root.joinpath(*parts).with_suffix(".py"),
                    root.joinpath(*parts, "__init__.py"),
                ):
                    found.add((str(candidate), file_digest(candidate) or ""))
        return tuple(sorted(found))

    def _own_modules(self) -> dict[str, Path]:
        """The project's modules in ``sys.modules``, by name. Called after every render: only
        the modules imported since the last call are looked at (a scan of all ~550 took as
        long as rendering a small revision)."""
        fresh = sys.modules.keys() - self._scanned
        if fresh:
            folders = tuple(root.resolve() for root in self.sys_paths)
            for name in fresh:
                module = sys.modules.get(name)
                file = getattr(module, "__file__", None)
                if isinstance(module, StandInModule):
                    continue  # not scanned: the real module may be imported under this name
                self._scanned.add(name)
                path = _project_file(file, folders) if file else None
                if path is not None:
                    self._own[name] = path
        for name in [n for n in self._own if n not in sys.modules]:
            del self._own[name]  # forgotten since (rehearse imports them again)
        return self._own

    def used_standins(self) -> tuple[str, ...]:
        """What the current revision took from stand-ins (or failed to import) so far."""
        used = self._fresh | _StandInUse.names
        # "app.models" says more than "app" when both are listed.
        return tuple(sorted(n for n in used if not any(o.startswith(n + ".") for o in used)))

    def _hook_attributes(self, module_name: str) -> None:
        module = sys.modules.get(module_name)
        if module is None or isinstance(module, StandInModule):
            return
        if any(hooked is module for hooked, _, _ in self._hooked):
            return
        names = self.missing_attributes[module_name]
        previous = module.__dict__.get("__getattr__")

        def stand_in_attribute(attribute: str) -> Any:
            if attribute in names:
                _StandInUse.names.add(f"{module_name}.{attribute}")
                return StandIn(attribute)
            if previous is not None:
                return previous(attribute)
            raise AttributeError(f"module {module_name!r} has no attribute {attribute!r}")

        # A module-level __getattr__ (PEP 562) is only asked for names the module lacks.
        setattr(module, "__getattr__", stand_in_attribute)  # noqa: B010
        self._hooked.append((module, previous, stand_in_attribute))

    def release(self) -> None:
        """Remove the stand-ins: they live only while one revision loads and renders."""
        for name in StandInModule.created:
            if isinstance(sys.modules.get(name), StandInModule):
                del sys.modules[name]
        StandInModule.created.clear()
        for module, previous, hook in self._hooked:
            if module.__dict__.get("__getattr__") is not hook:
                continue
            if previous is None:
                delattr(module, "__getattr__")
            else:
                setattr(module, "__getattr__", previous)  # noqa: B010
        self._hooked.clear()


_CANNOT_IMPORT_NAME = re.compile(r"cannot import name '(\w+)' from '([\w.]+)'")


def _missing_attribute(exc: BaseException) -> tuple[types.ModuleType, str] | None:
    """(module, name) when ``exc`` says an installed, real module lacks ``name``: ``sa.Variant``
    or ``from sqlalchemy import Binary`` in a revision written for SQLAlchemy 1.x."""
    if isinstance(exc, AttributeError) and isinstance(exc.obj, types.ModuleType):
        module, name = exc.obj, exc.name
    elif isinstance(exc, ImportError) and not isinstance(exc, ModuleNotFoundError):
        match = _CANNOT_IMPORT_NAME.search(str(exc))
        if match is None:
            return None
        module, name = sys.modules.get(match.group(2)), match.group(1)
    else:
        return None
    if (
        module is None
        or name is None
        or isinstance(module, StandInModule)
        or module.__name__ in ("builtins", "sys")
        or module.__name__.startswith("migcheck")
        or (name.startswith("__") and name.endswith("__"))
    ):
        return None
    return module, name


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
