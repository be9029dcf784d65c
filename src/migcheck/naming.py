"""The naming convention of env.py's ``target_metadata``, read from source (never imported).

Alembic names the constraints that ``op.create_table()`` and ``op.add_column()`` leave unnamed
with the naming convention of the ``target_metadata`` env.py passes to
``context.configure()``: ``sa.UniqueConstraint("name", "span_rowid")`` becomes
``CONSTRAINT uq_span_annotations_name_span_rowid UNIQUE``, and a later revision's
``op.drop_constraint("uq_span_annotations_name_span_rowid")`` relies on it. migcheck does not
run env.py (it imports the application), so without this the throwaway databases got
PostgreSQL's default names and that later revision failed there, though it works in
production.

The convention is looked for where it is usually written: a ``MetaData(naming_convention=...)``
call in env.py itself, or in the project's modules env.py imports (the models' base class),
and in theirs, two levels deep. Only a convention written as literals is taken (string
templates, keyed by ``"uq"``... or by the constraint classes); one that uses tokens of its own
(functions) is not, nor are two different ones: nothing is better than a wrong name.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator, Sequence
from pathlib import Path

NamingConvention = tuple[tuple[str, str], ...]
"""``MetaData(naming_convention=...)`` as sorted pairs (hashable, picklable)."""

# Keys SQLAlchemy accepts as classes, and the short names it also accepts for them.
_CLASS_KEYS = {
    "Index": "ix",
    "UniqueConstraint": "uq",
    "CheckConstraint": "ck",
    "ForeignKeyConstraint": "fk",
    "PrimaryKeyConstraint": "pk",
}
# Tokens SQLAlchemy itself fills in; a template using any other needs a function of the
# application's.
_KNOWN_TOKEN = re.compile(
    r"%\((table_name|constraint_name|referred_table_name|(?:referred_)?column_0_?N?_"
    r"(?:name|key|label)|(?:referred_)?column_\d+_(?:name|key|label))\)s"
)
_ANY_TOKEN = re.compile(r"%\((\w+)\)s")
_IMPORT = re.compile(r"^\s*(?:from\s+([\w.]+)\s+import|import\s+([\w.]+))", re.MULTILINE)
_MAX_MODULES = 40
_DEPTH = 2
_ANCESTORS = 6


def read_naming_convention(env_py: Path, roots: Sequence[Path]) -> NamingConvention:
    """The convention of env.py's ``target_metadata``; ``()`` when there is none, or none
    that can be read. ``roots`` are where the project's own modules are imported from."""
    try:
        tree = ast.parse(env_py.read_text(encoding="utf-8"), filename=str(env_py))
    except (OSError, UnicodeDecodeError, SyntaxError, ValueError):
        return ()
    if not _has_target_metadata(tree):
        return ()
    found = set(_conventions_in(tree))
    if not found:
        for path in _imported_modules(tree, env_py, roots):
            found.update(_conventions_in_file(path))
    return found.pop() if len(found) == 1 else ()


def _has_target_metadata(tree: ast.Module) -> bool:
    """``target_metadata = Base.metadata`` (not None, not a list: Alembic reads the convention
    of one MetaData only)."""
    for node in ast.walk(tree):
        if isinstance(node, ast.Assign | ast.AnnAssign):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            if any(isinstance(t, ast.Name) and t.id == "target_metadata" for t in targets):
                value = node.value
                if value is not None and not (
                    (isinstance(value, ast.Constant) and value.value is None)
                    or isinstance(value, ast.List | ast.Tuple)
                ):
                    return True
    return False


def _imported_modules(tree: ast.Module, env_py: Path, roots: Sequence[Path]) -> Iterator[Path]:
    """The files of the project's modules env.py imports, then of those they import."""
    seen: set[Path] = set()
    level = [name for node in ast.walk(tree) for name in _names_imported(node)]
    # Where the application's package is imported from: the project's sys paths, else one of
    # env.py's own ancestors (migrations inside the package, as in app/db/migrations/env.py
    # importing app.db.models, with the package installed or run from the repository).
    search = [*roots, *list(env_py.resolve().parents)[:_ANCESTORS]]
    for _depth in range(_DEPTH):
        following: list[str] = []
        for name in level:
            for path in _module_files(name, search):
                if path in seen or len(seen) >= _MAX_MODULES:
                    continue
                seen.add(path)
                yield path
                try:
                    text = path.read_text(encoding="utf-8")
                except (OSError, UnicodeDecodeError):
                    continue
                for imported in (a or b for a, b in _IMPORT.findall(text)):
                    following.append(_absolute(imported, path) if imported[0] == "." else imported)
        level = [name for name in following if name]


def _absolute(name: str, importer: Path) -> str:
    """``from .base import Base`` in app/models/__init__.py: app.models.base, as a dotted
    path from the importer's package (as far up as its folders have ``__init__.py``)."""
    level = len(name) - len(name.lstrip("."))
    package = importer.parent
    for _ in range(level - 1):
        package = package.parent
    parts = [part for part in name[level:].split(".") if part]
    while (package / "__init__.py").is_file():
        parts.insert(0, package.name)
        package = package.parent
    return ".".join(parts)


def _names_imported(node: ast.AST) -> list[str]:
    if isinstance(node, ast.ImportFrom) and node.module and not node.level:
        # ``from app.models import Base``: app/models.py, or app/models/__init__.py (and
        # app/models/base.py when Base is a submodule's name).
        return [node.module, *(f"{node.module}.{alias.name}" for alias in node.names)]
    if isinstance(node, ast.Import):
        return [alias.name for alias in node.names]
    return []


def _module_files(name: str, roots: Sequence[Path]) -> Iterator[Path]:
    parts = name.split(".")
    for root in roots:
        base = root.joinpath(*parts)
        for candidate in (base.with_suffix(".py"), base / "__init__.py"):
            if candidate.is_file():
                yield candidate.resolve()
                return


def _conventions_in_file(path: Path) -> Iterator[NamingConvention]:
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return
    if "naming_convention" not in text:  # most modules: no parse needed
        return
    try:
        tree = ast.parse(text, filename=str(path))
    except (SyntaxError, ValueError):
        return
    yield from _conventions_in(tree)


def _conventions_in(tree: ast.Module) -> Iterator[NamingConvention]:
    """Every readable ``naming_convention=`` argument of a call in the module."""
    assigned = {
        target.id: node.value
        for node in tree.body
        if isinstance(node, ast.Assign)
        for target in node.targets
        if isinstance(target, ast.Name)
    }
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        for keyword in node.keywords:
            if keyword.arg != "naming_convention":
                continue
            value = keyword.value
            if isinstance(value, ast.Name):
                value = assigned.get(value.id, value)
            convention = _literal_convention(value)
            if convention:
                yield convention


def _literal_convention(node: ast.expr) -> NamingConvention:
    if not isinstance(node, ast.Dict):
        return ()
    pairs: dict[str, str] = {}
    for key_node, value_node in zip(node.keys, node.values, strict=True):
        key = _key(key_node)
        if key is None:
            return ()  # ``**other``, or a key we cannot name
        if not (isinstance(value_node, ast.Constant) and isinstance(value_node.value, str)):
            return ()  # a token function of the application's
        template = value_node.value
        if len(_ANY_TOKEN.findall(template)) != len(_KNOWN_TOKEN.findall(template)):
            return ()  # a token of the application's own (defined by a function)
        pairs[key] = template
    return tuple(sorted(pairs.items()))


def _key(node: ast.expr | None) -> str | None:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    name = node.attr if isinstance(node, ast.Attribute) else getattr(node, "id", None)
    return _CLASS_KEYS.get(name) if isinstance(name, str) else None
