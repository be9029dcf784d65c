"""Paths as reports show them: relative to the working directory when below it."""

from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path


def display_path(path: Path | None, base: Path | None = None) -> str:
    if path is None:
        return ""
    return _display(path, base or Path.cwd())


@lru_cache(maxsize=4096)
def _display(path: Path, base: Path) -> str:
    # Only directories are resolved (symlinks, `..`), once each: a report names hundreds of
    # revision files of the same few directories, and resolving costs a system call per part.
    # A symlinked file is shown where the link is, which is where the user put it.
    real = _real(path.parent) / path.name
    try:
        return real.relative_to(_real(base)).as_posix()
    except ValueError:
        return path.as_posix()


@lru_cache(maxsize=256)
def _real(directory: Path) -> Path:
    return Path(os.path.realpath(directory))
