"""Render many revisions on every core.

Rendering (import the revision, run ``upgrade()`` offline) and analysing its statements are
independent per revision; only the rule walk must be sequential. On a cold run over a long
history the parent imports Alembic and sqlglot once, forks workers that inherit them, and each
worker renders a share of the revisions and returns units and facts (plain data, pickled).
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from migcheck.analysis.facts import Facts
from migcheck.model import Revision, Unit

# Below this many revisions, forking costs more than it saves.
MIN_REVISIONS_PER_WORKER = 40


@dataclass(frozen=True, slots=True)
class RenderJob:
    revisions: tuple[Revision, ...]
    sys_paths: tuple[Path, ...]
    ini_file: Path | None


def _render_job(job: RenderJob) -> tuple[list[Unit], dict[str, Facts]]:
    from migcheck import facts_store
    from migcheck.engine import pieces
    from migcheck.render import Loader, render_offline

    loader = Loader(sys_paths=list(job.sys_paths))
    units = [render_offline(revision, loader, job.ini_file) for revision in job.revisions]
    sqls = {piece.sql for unit in units for s in unit.statements for piece in pieces(s)}
    return units, facts_store.known(sqls)


def workers_for(count: int) -> int:
    forced = os.environ.get("MIGCHECK_WORKERS", "")
    if forced.isdigit() and int(forced) > 0:
        return min(int(forced), max(count, 1))
    cores = os.cpu_count() or 1
    if cores < 2 or "fork" not in multiprocessing.get_all_start_methods():
        return 1
    return max(1, min(cores, count // MIN_REVISIONS_PER_WORKER))


def render_many(
    revisions: Sequence[Revision], sys_paths: Sequence[Path], ini_file: Path | None
) -> dict[str, Unit]:
    """Units by revision id, rendered offline (in parallel when it pays off)."""
    from migcheck import facts_store

    workers = workers_for(len(revisions))
    jobs = [
        RenderJob(tuple(revisions[i::workers]), tuple(sys_paths), ini_file)
        for i in range(workers)
    ]
    if workers == 1:
        results = [_render_job(jobs[0])]
    else:
        # Fork before the heavy imports, and let this process take a share too: every core
        # imports Alembic and sqlglot and renders at the same time.
        context = multiprocessing.get_context("fork")
        with context.Pool(workers - 1) as pool:
            pending = pool.map_async(_render_job, jobs[1:])
            results = [_render_job(jobs[0]), *pending.get()]
    units: dict[str, Unit] = {}
    for rendered, facts in results:
        facts_store.remember(facts)
        for unit in rendered:
            if unit.revision is not None:
                units[unit.revision.id] = unit
    return units
