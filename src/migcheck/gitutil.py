"""The git questions ``--since REF`` asks: which files changed, which existed at REF."""

from __future__ import annotations

import ast
import subprocess
from dataclasses import dataclass
from pathlib import Path

from migcheck.errors import GitError


def _git(args: list[str], cwd: Path) -> str:
    try:
        result = subprocess.run(
            ["git", *args],
            cwd=cwd,
            capture_output=True,
            text=True,
            timeout=30,
            check=False,
        )
    except FileNotFoundError as exc:
        raise GitError("--since needs git, which is not installed") from exc
    except subprocess.TimeoutExpired as exc:
        raise GitError(f"git {' '.join(args)} timed out") from exc
    if result.returncode != 0:
        message = (result.stderr.strip().splitlines() or ["failed"])[-1]
        raise GitError(f"git {' '.join(args[:2])}: {message}")
    return result.stdout


@dataclass(frozen=True, slots=True)
class Changes:
    """Files (absolute, resolved) added or modified since a ref, and those that existed then."""

    changed: frozenset[Path]
    modified_existing: frozenset[Path]


def _same_code(top: Path, ref: str, name: str, path: Path) -> bool:
    """Whether a changed Python file still has the same syntax tree as at ``ref``: an edit of
    comments or layout only (adding a ``# migcheck: ignore[...]``) changes no migration."""
    if path.suffix != ".py":
        return False
    try:
        before = _git(["show", f"{ref}:{name}"], top)
        after = path.read_text(encoding="utf-8")
        return ast.dump(ast.parse(before)) == ast.dump(ast.parse(after))
    except (GitError, OSError, UnicodeDecodeError, SyntaxError, ValueError):
        return False


def changes_since(ref: str, where: Path) -> Changes:
    folder = where if where.is_dir() else where.parent
    try:
        top = Path(_git(["rev-parse", "--show-toplevel"], folder).strip())
    except GitError as exc:
        if "not a git repository" not in str(exc):
            raise
        raise GitError(f"--since {ref}: {folder} is not in a git repository") from None
    try:
        _git(["rev-parse", "--verify", "--quiet", f"{ref}^{{commit}}"], top)
    except GitError as exc:
        raise GitError(f"--since {ref}: not a known git revision") from exc
    diff = _git(["diff", "--name-status", "--no-renames", ref, "--"], top)
    untracked = _git(["ls-files", "--others", "--exclude-standard"], top)
    changed: set[Path] = set()
    modified: set[Path] = set()
    for line in diff.splitlines():
        status, _, name = line.partition("\t")
        path = (top / name).resolve()
        if status.startswith(("A", "M", "T")):
            changed.add(path)
        if status.startswith(("M", "T")) and not _same_code(top, ref, name, path):
            modified.add(path)
    for name in untracked.splitlines():
        changed.add((top / name).resolve())
    return Changes(frozenset(changed), frozenset(modified))
