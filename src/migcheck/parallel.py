"""Render revisions in worker processes while this one analyses them.

Rendering a revision (import it, run ``upgrade()`` offline) needs Alembic and SQLAlchemy, whose
import alone costs about 0.3 s; analysing its statements needs sqlglot. Neither depends on the
other revisions; only the rule walk must be sequential. So:

* ``migcheck lint`` forks a :class:`RenderWorker` first thing (:func:`prewarm`, called by
  ``__main__`` before the CLI is even imported): it imports Alembic while this process parses
  options, reads the configuration and the history. When revisions need rendering it gets the
  job at once, warm; when everything is cached it is told to exit.
* Called as a library (tests, rehearse), workers are forked on demand for long histories.
* Workers stream units back in batches; this process imports sqlglot and analyses statements as
  they arrive. A worker that dies is replaced by rendering the rest here.
"""

from __future__ import annotations

import atexit
import contextlib
import multiprocessing
import os
import signal
import sys
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from multiprocessing.connection import Connection, Pipe
from pathlib import Path

from migcheck.model import Revision, Unit

# Without a warm worker, below this many revisions forking costs more than it saves.
MIN_REVISIONS_TO_FORK = 60
BATCH = 25


@dataclass(frozen=True, slots=True)
class RenderJob:
    revisions: tuple[Revision, ...]
    sys_paths: tuple[Path, ...]
    ini_file: Path | None


def _cores() -> int:
    forced = os.environ.get("MIGCHECK_WORKERS", "")
    if forced.isdigit():
        return int(forced)
    return os.cpu_count() or 1


def _can_fork() -> bool:
    return "fork" in multiprocessing.get_all_start_methods()


class RenderWorker:
    """A forked process that imports the renderer, then renders the jobs it is sent."""

    def __init__(self) -> None:
        parent_end, child_end = Pipe()
        sys.stdout.flush()
        sys.stderr.flush()
        pid = os.fork()
        if pid == 0:  # the worker
            parent_end.close()
            _serve(child_end)
        child_end.close()
        self.pid = pid
        self.connection: Connection = parent_end
        self.busy = False
        self.used = False

    def submit(self, job: RenderJob) -> None:
        self.connection.send(job)
        self.busy = self.used = True

    def results(self) -> Iterator[list[Unit]]:
        """Batches of units until the job is done; stops early if the worker died."""
        while True:
            try:
                batch = self.connection.recv()
            except (EOFError, OSError):
                return
            if batch is None:
                self.busy = False
                return
            yield batch

    def close(self) -> None:
        if not self.used:
            # Still importing, holding nothing: waiting for it would only delay the exit.
            with contextlib.suppress(ProcessLookupError):
                os.kill(self.pid, signal.SIGKILL)
        with contextlib.suppress(OSError, ValueError):
            self.connection.send(None)
        with contextlib.suppress(OSError):
            self.connection.close()
        deadline = time.monotonic() + 2
        while True:
            try:
                done, _ = os.waitpid(self.pid, os.WNOHANG)
            except ChildProcessError:
                return
            if done:
                return
            if time.monotonic() > deadline:
                with contextlib.suppress(ProcessLookupError):
                    os.kill(self.pid, signal.SIGKILL)
                with contextlib.suppress(ChildProcessError):
                    os.waitpid(self.pid, 0)
                return
            time.sleep(0.01)


def _serve(connection: Connection) -> None:
    """The worker's life: warm up, then render jobs until told to stop. Never returns."""
    code = 0
    try:
        import migcheck.render  # noqa: F401  (the point of the worker: import while idle)

        while True:
            job = connection.recv()
            if job is None:
                break
            _render(job, connection)
    except (EOFError, OSError, KeyboardInterrupt):
        pass  # the parent is gone or interrupted: nothing left to do
    except BaseException:
        code = 1
    finally:
        os._exit(code)  # no atexit handlers, no flushing of the parent's buffers


def _render(job: RenderJob, connection: Connection) -> None:
    from migcheck.render import Loader, render_offline

    loader = Loader(sys_paths=list(job.sys_paths))
    batch: list[Unit] = []
    for revision in job.revisions:
        batch.append(render_offline(revision, loader, job.ini_file))
        if len(batch) >= BATCH:
            connection.send(batch)
            batch = []
    if batch:
        connection.send(batch)
    connection.send(None)


# --------------------------------------------------------------------------- warm workers

_warm: list[RenderWorker] = []


def prewarm() -> None:
    """Fork one warm render worker now (``migcheck lint`` only, two cores or more)."""
    if _warm or _cores() < 2 or not _can_fork():
        return
    try:
        _warm.append(RenderWorker())
    except OSError:
        return
    atexit.register(release_warm)


def release_warm() -> None:
    while _warm:
        _warm.pop().close()


# --------------------------------------------------------------------------- rendering


def render_workers(count: int) -> int:
    """How many processes to fork on demand (0: render here)."""
    cores = _cores()
    if cores < 2 or count < MIN_REVISIONS_TO_FORK or not _can_fork():
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
    workers = list(_warm)
    owned: list[RenderWorker] = []
    if not workers:
        owned = [RenderWorker() for _ in range(render_workers(len(revisions)))]
        workers = owned
    try:
        if workers:
            jobs = [
                RenderJob(tuple(revisions[i :: len(workers)]), tuple(sys_paths), ini_file)
                for i in range(len(workers))
            ]
            accepted: list[RenderWorker] = []
            for worker, job in zip(workers, jobs, strict=True):
                try:
                    worker.submit(job)
                except OSError:  # a warm worker that died: its share is rendered here
                    if worker in _warm:
                        _warm.remove(worker)
                    continue
                accepted.append(worker)
            import migcheck.analysis.parse  # noqa: F401  (while the workers render)

            for worker in accepted:
                for batch in worker.results():
                    analyse(batch)
                    for unit in batch:
                        if unit.revision is not None:
                            units[unit.revision.id] = unit
    finally:
        for worker in owned:
            worker.close()
    missing = [r for r in revisions if r.id not in units]
    if missing:  # no worker, or one died (killed, out of memory): render the rest here
        from migcheck.render import Loader, render_offline

        loader = Loader(sys_paths=list(sys_paths))
        rendered = [render_offline(revision, loader, ini_file) for revision in missing]
        analyse(rendered)
        units.update({u.revision.id: u for u in rendered if u.revision is not None})
    return units
