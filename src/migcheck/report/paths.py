"""Paths as reports show them: relative to the working directory when below it."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path


def display_path(path: Path | None, base: Path | None = None) -> str:
    if path is None:
        return ""
    return _display(path, base or Path.cwd())


@lru_cache(maxsize=4096)
def _display(path: Path, base: Path) -> str:
    # resolve() costs system calls; reports print the same few paths many times.
    try:
        return path.resolve().relative_to(base.resolve()).as_posix()
    except ValueError:
        return path.as_posix()
