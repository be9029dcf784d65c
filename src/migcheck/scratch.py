"""A working directory for running revisions' code during lint, so that it leaves no files.

Rendering a revision runs its Python code, as ``alembic upgrade --sql`` does, and some
revisions write files where they run: fides writes a CSV backup of each table it migrates.
``migcheck lint`` runs as a pre-commit hook, where new files in the repository are a nuisance
(or get committed). So revisions are rendered in a scratch directory that shows every entry of
the real working directory through a symbolic link: a relative path the revision reads
(``data/countries.csv``) still resolves, while a file it creates at the top level lands in the
scratch directory, which is removed afterwards. A file written inside an existing folder goes
through the link into the real one; that is not prevented.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
from collections.abc import Generator
from pathlib import Path

MAX_ENTRIES = 5_000
"""A working directory with more entries than this is not mirrored (one link per entry)."""


class ScratchDirectory:
    """The scratch directory for one lint run; :meth:`close` removes it (never the targets)."""

    def __init__(self, real: Path) -> None:
        self.real = real
        self.path: Path | None = None
        self._tried = False

    def ensure(self) -> Path | None:
        """The directory, made on first use; None where it cannot be (the real one is then used)."""
        if not self._tried:
            self._tried = True
            self.path = _mirror(self.real)
        return self.path

    @contextlib.contextmanager
    def entered(self) -> Generator[None, None, None]:
        """Run the body in the scratch directory, and come back to where we were."""
        path = self.ensure()
        if path is None:
            yield
            return
        previous = Path.cwd()
        os.chdir(path)
        try:
            yield
        finally:
            os.chdir(previous)

    def close(self) -> None:
        if self.path is not None:
            shutil.rmtree(self.path, ignore_errors=True)  # removes the links, not their targets
            self.path = None


def _mirror(real: Path) -> Path | None:
    try:
        entries = list(os.scandir(real))
        if len(entries) > MAX_ENTRIES:
            return None
        path = Path(tempfile.mkdtemp(prefix="migcheck-cwd-"))
    except OSError:
        return None
    for entry in entries:
        with contextlib.suppress(OSError):
            (path / entry.name).symlink_to(entry.path, target_is_directory=entry.is_dir())
    return path
