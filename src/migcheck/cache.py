"""Rendered revisions cached by file content, so a re-lint renders only what changed.

The cache lives in ``.migcheck_cache/`` beside alembic.ini (git-ignored by a ``.gitignore``
inside it, as ruff does). An entry is keyed by the SHA-256 of the revision file, migcheck's
version and the Python version; a stale or unreadable entry is simply rendered again. An entry
also lists the project's own modules that were loaded when the revision was rendered (a helper
that builds the index, an enum whose values an ALTER TYPE adds), with their content's hash: if
one of them changed, the entry is stale. Revisions that depend on stand-ins or a database are
cached too.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import pickle
import sys
import tempfile
from pathlib import Path

from migcheck import __version__
from migcheck.model import Unit

CACHE_DIR = ".migcheck_cache"

_DIGESTS: dict[tuple[Path, int, int], str] = {}


def file_digest(path: Path) -> str | None:
    """SHA-256 of a file's content (remembered while its size and mtime stay); None if it
    cannot be read."""
    try:
        stat = path.stat()
        key = (path, stat.st_mtime_ns, stat.st_size)
        if key not in _DIGESTS:
            _DIGESTS[key] = hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return None
    return _DIGESTS[key]


def _code_fingerprint(*modules: str) -> str:
    """A hash of the source of the modules whose output is cached: a change to them (a new
    field in Facts, a fix in the renderer) invalidates the cache, whatever the version says."""
    digest = hashlib.sha256()
    package = Path(__file__).parent
    for module in modules:
        try:
            digest.update((package / module).read_bytes())
        except OSError:
            digest.update(module.encode())
    return digest.hexdigest()[:16]


# What a cached render depends on besides the revision: migcheck's renderers (offline and on
# the throwaway database), its stand-ins, the plugins' operations it emulates and the tables it
# makes up on lint's database.
_RENDERER = _code_fingerprint(
    "render.py",
    "render_online.py",
    "online.py",
    "loading.py",
    "model.py",
    "plugin_ops.py",
    "placeholders.py",
)
_SALT = f"{__version__}|{sys.version_info[:2]}|{_RENDERER}".encode()
FACTS_FILE = (
    "facts-"
    + _code_fingerprint(
        "analysis/facts.py",
        "analysis/parse.py",
        "analysis/fallback.py",
        "analysis/types.py",
        "analysis/dialect.py",
        "analysis/names.py",
    )
    + ".pickle"
)


class RenderCache:
    def __init__(self, root: Path | None) -> None:
        self.folder = root / CACHE_DIR / "render" if root is not None else None
        self.hits = 0
        self.misses = 0

    def load_facts(self) -> None:
        """Facts of statements seen by earlier runs (so sqlglot is not even imported)."""
        if self.folder is not None:
            from migcheck import facts_store

            facts_store.load(self.folder.parent / FACTS_FILE)

    def save_facts(self) -> None:
        if self.folder is not None:
            from migcheck import facts_store

            facts_store.save(self.folder.parent / FACTS_FILE)

    def key(self, path: Path, digest: str = "", setting: str = "") -> str | None:
        """The entry of the file at ``path`` whose content hashes to ``digest`` (SHA-256;
        read and hashed here when not given), rendered under ``setting`` (what else of the
        project changes its SQL: env.py's naming convention)."""
        if not digest:
            try:
                digest = hashlib.sha256(path.read_bytes()).hexdigest()
            except OSError:
                return None
        text = f"{path}\0{digest}\0{setting}" if setting else f"{path}\0{digest}"
        return hashlib.sha256(_SALT + text.encode()).hexdigest()

    def has(self, key: str | None) -> bool:
        """Whether an entry exists (it may still turn out unreadable: :meth:`get` says)."""
        if self.folder is None or key is None:
            return False
        return (self.folder / key[:2] / key).is_file()

    def get(self, key: str | None) -> Unit | None:
        if self.folder is None or key is None:
            return None
        entry = self.folder / key[:2] / key
        try:
            with entry.open("rb") as handle:
                unit = pickle.load(handle)
        except (OSError, pickle.PickleError, EOFError, AttributeError, ImportError, TypeError):
            self.misses += 1
            return None
        if not isinstance(unit, Unit):
            self.misses += 1
            return None
        # A module of the project the revision imported (a helper, an enum) changed since.
        if any((file_digest(Path(path)) or "") != digest for path, digest in unit.depends_on):
            self.misses += 1
            return None
        self.hits += 1
        return unit

    def put(self, key: str | None, unit: Unit) -> None:
        if self.folder is None or key is None:
            return
        if unit.problem is not None and unit.problem.timed_out:
            return  # a slow machine once is no property of the revision: try again next time
        folder = self.folder / key[:2]
        try:
            folder.mkdir(parents=True, exist_ok=True)
            _ensure_gitignore(self.folder.parent)
        except OSError:
            return  # a read-only checkout: no cache, no problem
        fd, name = tempfile.mkstemp(dir=folder)
        tmp = Path(name)
        try:
            with os.fdopen(fd, "wb") as handle:
                pickle.dump(unit, handle, protocol=pickle.HIGHEST_PROTOCOL)
            tmp.replace(folder / key)
        except (OSError, pickle.PicklingError, TypeError, AttributeError):
            # An unpicklable stand-in or a full disk: render again next time.
            with contextlib.suppress(OSError):
                tmp.unlink()


def _ensure_gitignore(folder: Path) -> None:
    marker = folder / ".gitignore"
    if not marker.exists():
        marker.write_text("# Automatically created by migcheck.\n*\n", encoding="utf-8")
