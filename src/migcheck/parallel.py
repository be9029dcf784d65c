"""Render many revisions while analysing them, on every core.

Rendering a revision (import it, run ``upgrade()`` offline: Alembic and SQLAlchemy) and
analysing its statements (sqlglot) are independent of the other revisions; only the rule walk
must be sequential. On a cold run over a long history, worker processes are forked before
any heavy import; they import Alembic and render, streaming units back in batches, while this
process imports sqlglot and analyses the statements as they arrive. On two cores the analysis
then costs almost nothing on the clock.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from queue import Empty
from typing import Any

from migcheck.model import Revision, Unit

# Below this many revisions, forking costs more than it saves.
MIN_REVISIONS_TO_FORK = 60
BATCH = 25


@dataclass(frozen=True, slots=True)
class RenderJob:
    revisions: tuple[Revision, ...]
    sys_paths: tuple[Path, ...]
    ini_file: Path | None


def _render(job: RenderJob, send: Any) -> None:
    """In a worker: render the job's revisions, sending lists of units as they are done."""
    from migcheck.render import Loader, render_offline

    loader = Loader(sys_paths=list(job.sys_paths))
    batch: list[Unit] = []
    try:
        for revision in job.revisions:
            batch.append(render_offline(revision, loader, job.ini_file))
            if len(batch) >= BATCH:
                send.put(batch)
                batch = []
        send.put(batch)
    finally:
        send.put(None)  # this worker is done


def render_workers(count: int) -> int:
    """How many processes render (0: render here, no forking)."""
    forced = os.environ.get("MIGCHECK_WORKERS", "")
    cores = os.cpu_count() or 1
    if forced.isdigit():
        cores = int(forced)
    if cores < 2 or count < MIN_REVISIONS_TO_FORK:
        return 0
    if "fork" not in multiprocessing.get_all_start_methods():
        return 0
    return max(1, min(cores - 1, count // MIN_REVISIONS_TO_FORK))


def render_many(
    revisions: Sequence[Revision], sys_paths: Sequence[Path], ini_file: Path | None
) -> dict[str, Unit]:
    """Units by revision id, rendered offline, with the facts of their statements known."""
    from migcheck import facts_store
    from migcheck.engine import pieces

    def analyse(units: list[Unit]) -> None:
        for unit in units:
            for statement in unit.statements:
                for piece in pieces(statement):
                    facts_store.facts_for(piece.sql)

    units: dict[str, Unit] = {}
    workers = render_workers(len(revisions))
    if workers == 0:
        from migcheck.render import Loader, render_offline

        loader = Loader(sys_paths=list(sys_paths))
        rendered = [render_offline(revision, loader, ini_file) for revision in revisions]
        analyse(rendered)
        return {u.revision.id: u for u in rendered if u.revision is not None}
    context = multiprocessing.get_context("fork")
    queue = context.Queue()
    jobs = [
        RenderJob(tuple(revisions[i::workers]), tuple(sys_paths), ini_file) for i in range(workers)
    ]
    processes = [context.Process(target=_render, args=(job, queue), daemon=True) for job in jobs]
    for process in processes:
        process.start()
    try:
        import migcheck.analysis.parse  # noqa: F401  (while the workers import Alembic)

        finished = 0
        while finished < workers:
            try:
                batch = queue.get(timeout=0.5)
            except Empty:
                if not any(process.is_alive() for process in processes):
                    break  # a worker died without saying so: the rest is rendered below
                continue
            if batch is None:
                finished += 1
                continue
            analyse(batch)
            for unit in batch:
                if unit.revision is not None:
                    units[unit.revision.id] = unit
    finally:
        for process in processes:
            process.join(timeout=5)
            if process.is_alive():
                process.terminate()
    missing = [r for r in revisions if r.id not in units]
    if missing:  # a worker died (killed, out of memory): render the rest here
        from migcheck.render import Loader, render_offline

        loader = Loader(sys_paths=list(sys_paths))
        for revision in missing:
            unit = render_offline(revision, loader, ini_file)
            analyse([unit])
            units[revision.id] = unit
    return units
