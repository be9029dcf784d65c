"""Facts by SQL text, computed once: in this process, by render workers, or on a previous run.

The analysis (sqlglot) is pure: the same statement always gives the same facts. Keeping them
by text lets rendering workers hand them back with the statements, and lets a re-lint skip
sqlglot altogether (it is not even imported when every statement is known).
"""

from __future__ import annotations

import contextlib
import os
import pickle
import tempfile
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from migcheck.analysis.facts import Facts

_known: dict[str, Facts] = {}
_learnt: set[str] = set()  # analysed in this process: the store on disk should be rewritten


def facts_for(sql: str) -> Facts:
    found = _known.get(sql)
    if found is None:
        from migcheck.analysis.parse import analyze

        found = _known[sql] = analyze(sql)
        _learnt.add(sql)
    return found


def remember(facts: Mapping[str, Facts]) -> None:
    _known.update(facts)
    _learnt.update(facts)


def known(sqls: Iterable[str]) -> dict[str, Facts]:
    return {sql: facts_for(sql) for sql in sqls}


def load(path: Path) -> None:
    try:
        with path.open("rb") as handle:
            data = pickle.load(handle)
    except (OSError, pickle.PickleError, EOFError, AttributeError, ImportError, TypeError):
        return
    if isinstance(data, dict):
        for sql, facts in data.items():
            _known.setdefault(sql, facts)


def save(path: Path) -> None:
    """Write the store if this run learnt anything (atomically; failures are harmless)."""
    if not _learnt:
        return
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, name = tempfile.mkstemp(dir=path.parent)
        with os.fdopen(fd, "wb") as handle:
            pickle.dump(_known, handle, protocol=pickle.HIGHEST_PROTOCOL)
        Path(name).replace(path)
        _learnt.clear()
    except (OSError, pickle.PicklingError):
        with contextlib.suppress(OSError, UnboundLocalError):
            Path(name).unlink()
