"""Render revisions in worker processes while this one analyses and lints them.

Rendering a revision (import it, run ``upgrade()`` offline) needs Alembic and SQLAlchemy, whose
import alone costs about 0.3 s; analysing its statements needs sqlglot. Neither depends on the
other revisions; only the rule walk must be sequential. So:

* ``migcheck lint`` forks a :class:`RenderWorker` first thing (:func:`prewarm`, called by
  ``__main__`` before the CLI is even imported): it imports Alembic while this process parses
  options, reads the configuration and the history. When revisions need rendering it gets the
  job at once, warm; when everything is cached it is told to exit.
* Called as a library (tests, rehearse), workers are forked on demand for long histories.
* A :class:`RenderStream` hands units over in history order as they arrive: the linter walks
  the cached revisions while the changed ones are still being rendered, and waits only when it
  reaches one. Units are analysed (sqlglot) here as they arrive. A worker that dies is replaced
  by rendering the rest here.

Workers talk over a socket pair with length-prefixed pickles rather than through
:mod:`multiprocessing`, whose import (~20 ms) would delay the fork of the warm worker itself.
"""

from __future__ import annotations

import atexit
import contextlib
import os
import pickle
import signal
import socket
import struct
import sys
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from migcheck.model import Revision, Unit
from migcheck.naming import NamingConvention
from migcheck.scratch import ScratchDirectory

if TYPE_CHECKING:
    from migcheck.render import Loader

# Where the process was started, inherited by the workers it forks.
_STARTED_IN = os.environ.get("PWD") or os.curdir
with contextlib.suppress(OSError):
    _STARTED_IN = os.getcwd()  # noqa: PTH109 (a str for os.chdir, like the job's cwd)

# Without a warm worker, below this many revisions forking costs more than it saves.
MIN_REVISIONS_TO_FORK = 60
BATCH = 25
_HEADER = struct.Struct("!Q")


@dataclass(frozen=True, slots=True)
class RenderJob:
    revisions: tuple[Revision, ...]
    sys_paths: tuple[Path, ...]
    ini_file: Path | None
    cwd: Path | None = None  # where to run the revisions' code (see migcheck.scratch)
    naming_convention: NamingConvention = ()  # env.py's target_metadata's (migcheck.naming)


class _Channel:
    """Pickled objects over one end of a socket pair, each prefixed with its length."""

    def __init__(self, sock: socket.socket) -> None:
        self.sock = sock

    def send(self, obj: object) -> None:
        data = pickle.dumps(obj, protocol=pickle.HIGHEST_PROTOCOL)
        self.sock.sendall(_HEADER.pack(len(data)) + data)

    def recv(self) -> object:
        (size,) = _HEADER.unpack(self._exactly(_HEADER.size))
        return pickle.loads(self._exactly(size))

    def _exactly(self, size: int) -> bytes:
        view = memoryview(bytearray(size))
        got = 0
        while got < size:
            count = self.sock.recv_into(view[got:], size - got)
            if count == 0:
                raise EOFError("the other end closed the channel")
            got += count
        return view.tobytes()

    def close(self) -> None:
        self.sock.close()


def _cores() -> int:
    forced = os.environ.get("MIGCHECK_WORKERS", "")
    if forced.isdigit():
        return int(forced)
    return os.cpu_count() or 1


def _can_fork() -> bool:
    return hasattr(os, "fork")


class RenderWorker:
    """A forked process that imports the renderer, then renders the jobs it is sent."""

    def __init__(self) -> None:
        parent_end, child_end = socket.socketpair()
        sys.stdout.flush()
        sys.stderr.flush()
        pid = os.fork()
        if pid == 0:  # the worker
            parent_end.close()
            _serve(_Channel(child_end))
        child_end.close()
        self.pid = pid
        self.channel = _Channel(parent_end)
        self.busy = False
        self.used = False

    def submit(self, job: RenderJob) -> None:
        self.channel.send(job)
        self.busy = self.used = True

    def results(self) -> Iterator[list[Unit]]:
        """Batches of units until the job is done; stops early if the worker died."""
        while True:
            try:
                batch = self.channel.recv()
            except (EOFError, OSError, pickle.UnpicklingError):
                self.busy = False
                return
            if batch is None:
                self.busy = False
                return
            assert isinstance(batch, list)
            yield batch

    def close(self) -> None:
        if not self.used:
            # Still importing, holding nothing: waiting for it would only delay the exit.
            with contextlib.suppress(ProcessLookupError):
                os.kill(self.pid, signal.SIGKILL)
        with contextlib.suppress(OSError, ValueError):
            self.channel.send(None)
        with contextlib.suppress(OSError):
            self.channel.close()
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


def _serve(channel: _Channel) -> None:
    """The worker's life: warm up, then render jobs until told to stop. Never returns."""
    code = 0
    try:
        import migcheck.render  # noqa: F401  (the point of the worker: import while idle)

        while True:
            job = channel.recv()
            if job is None:
                break
            assert isinstance(job, RenderJob)
            _render(job, channel)
    except (EOFError, OSError, KeyboardInterrupt):
        pass  # the parent is gone or interrupted: nothing left to do
    except BaseException:
        code = 1
    finally:
        os._exit(code)  # no atexit handlers, no flushing of the parent's buffers


def _render(job: RenderJob, channel: _Channel) -> None:
    from migcheck.render import Loader, render_offline

    # Each job's revisions run in its scratch directory (or, without one, where lint was
    # started): never in the scratch directory of an earlier job, removed since.
    with contextlib.suppress(OSError):
        os.chdir(job.cwd or _STARTED_IN)
    loader = Loader(sys_paths=list(job.sys_paths), naming_convention=job.naming_convention)
    batch: list[Unit] = []
    for revision in job.revisions:
        batch.append(render_offline(revision, loader, job.ini_file))
        # The first unit goes alone: the linter may be waiting for exactly that one.
        if len(batch) >= BATCH or revision is job.revisions[0]:
            channel.send(batch)
            batch = []
    if batch:
        channel.send(batch)
    channel.send(None)


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


class RenderStream:
    """Units of ``revisions``, rendered offline by workers, taken one by one in any order.

    Rendering starts at once (warm worker, or workers forked for long histories); :meth:`take`
    returns a revision's unit, with the facts of its statements known, waiting for it only if
    it has not arrived yet. Without workers (or once one died) revisions are rendered here.
    """

    def __init__(
        self,
        revisions: Sequence[Revision],
        sys_paths: Sequence[Path],
        ini_file: Path | None,
        scratch: ScratchDirectory | None = None,
        naming_convention: NamingConvention = (),
    ) -> None:
        self.sys_paths = tuple(sys_paths)
        self.ini_file = ini_file
        self.naming_convention = naming_convention
        self.scratch = scratch
        cwd = scratch.ensure() if scratch is not None and revisions else None
        self.ready: dict[str, Unit] = {}
        self.worker_of: dict[str, RenderWorker] = {}
        self.streams: dict[int, Iterator[list[Unit]]] = {}
        self.owned: list[RenderWorker] = []
        self._loader: Loader | None = None
        workers = list(_warm)
        if not workers:
            self.owned = [RenderWorker() for _ in range(render_workers(len(revisions)))]
            workers = self.owned
        for index, worker in enumerate(workers):
            share = tuple(revisions[index :: len(workers)])
            if not share:
                continue
            try:
                worker.submit(RenderJob(share, self.sys_paths, ini_file, cwd, naming_convention))
            except OSError:  # a warm worker that died: its share is rendered here
                if worker in _warm:
                    _warm.remove(worker)
                continue
            self.streams[worker.pid] = worker.results()
            self.worker_of.update({revision.id: worker for revision in share})
        import migcheck.analysis.parse  # noqa: F401  (while the workers render)

    def take(self, revision: Revision) -> Unit:
        """The unit of ``revision`` (one of those given), rendered and analysed."""
        while revision.id not in self.ready:
            worker = self.worker_of.get(revision.id)
            stream = self.streams.get(worker.pid) if worker is not None else None
            batch = next(stream, None) if stream is not None else None
            if batch is None:  # no worker, or it finished or died without this one
                if worker is not None:
                    self.streams.pop(worker.pid, None)
                self.worker_of.pop(revision.id, None)
                self._accept([self._render_here(revision)])
            else:
                self._accept(batch)
        return self.ready.pop(revision.id)

    def close(self) -> None:
        for worker in self.owned:
            worker.close()
        self.owned = []

    def _accept(self, units: list[Unit]) -> None:
        from migcheck import facts_store
        from migcheck.engine import pieces

        for unit in units:
            for statement in unit.statements:
                for piece in pieces(statement):
                    facts_store.facts_for(piece.sql)
            if unit.revision is not None:
                self.ready[unit.revision.id] = unit

    def _render_here(self, revision: Revision) -> Unit:
        from migcheck.render import Loader, render_offline

        if self._loader is None:
            self._loader = Loader(
                sys_paths=list(self.sys_paths), naming_convention=self.naming_convention
            )
        with self.scratch.entered() if self.scratch is not None else contextlib.nullcontext():
            return render_offline(revision, self._loader, self.ini_file)
