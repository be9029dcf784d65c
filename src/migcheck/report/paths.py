"""Paths as reports show them: relative to the working directory when below it."""

from __future__ import annotations

from pathlib import Path


def display_path(path: Path | None, base: Path | None = None) -> str:
    if path is None:
        return ""
    base = (base or Path.cwd()).resolve()
    try:
        return path.resolve().relative_to(base).as_posix()
    except ValueError:
        return path.as_posix()
