"""Ctrl-C (or SIGTERM) at any point of ``migcheck rehearse`` leaves no server behind.

A real ``migcheck rehearse sample_migrations`` runs in a subprocess; its progress lines tell
which phase it is in (server start, seeding, replay); the signal lands there. It must exit
promptly, non-zero, without a traceback, and leave no postgres process on its temporary data
directory (which must be gone), or no container, behind.

SIGINT goes to the whole process group, as a terminal's Ctrl-C does; SIGTERM only to migcheck,
as ``kill`` or a CI timeout does.
"""

from __future__ import annotations

import os
import queue
import signal
import subprocess
import sys
import textwrap
import threading
import time
from collections.abc import Callable, Generator
from pathlib import Path

import pytest
from helpers import processes_using

from migcheck.rehearse.backends import docker_available

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.slow,
    pytest.mark.skipif(
        not sys.platform.startswith("linux"), reason="inspects /proc to find server processes"
    ),
]

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "sample_migrations"
HANG_GUARD = 60.0  # seconds: how long an interrupted run may take to exit (not a speed target)
PHASE_TIMEOUT = 180.0

# Background jobs (CI runners, `cmd &`) may start us with SIGINT ignored, and Python then never
# raises KeyboardInterrupt; a user's Ctrl-C is what is simulated, so restore the default.
_LAUNCHER = textwrap.dedent(
    """
    import signal, sys
    signal.signal(signal.SIGINT, signal.default_int_handler)
    sys.argv = ["migcheck", *sys.argv[1:]]
    from migcheck.__main__ import main
    main()
    """
)

STARTING = "· starting embedded PostgreSQL in "


class _Rehearsal:
    """``migcheck rehearse`` in its own process group; stdout lines are read by a thread."""

    def __init__(self, directory: Path, backend: str, rows: int) -> None:
        directory.mkdir()
        self.stderr_path = directory / "stderr.txt"
        self.output: list[str] = []
        self._lines: queue.Queue[str] = queue.Queue()
        with self.stderr_path.open("w") as stderr:
            self.process = subprocess.Popen(
                [
                    sys.executable,
                    "-c",
                    _LAUNCHER,
                    "rehearse",
                    str(SAMPLE),
                    "--backend",
                    backend,
                    "--rows",
                    str(rows),
                ],
                stdout=subprocess.PIPE,
                stderr=stderr,
                text=True,
                cwd=ROOT,
                env={**os.environ, "COLUMNS": "250"},  # no wrapped progress lines
                start_new_session=True,
            )
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            self._lines.put(line.rstrip("\n"))

    def stderr(self) -> str:
        return self.stderr_path.read_text()

    def wait_for(self, prefix: str, timeout: float = PHASE_TIMEOUT) -> str:
        """The first (further) stdout line starting with ``prefix``."""
        give_up = time.monotonic() + timeout
        while (remaining := give_up - time.monotonic()) > 0:
            try:
                line = self._lines.get(timeout=remaining)
            except queue.Empty:
                break
            self.output.append(line)
            if line.startswith(prefix):
                return line
            if self.process.poll() is not None and self._lines.empty():
                break
        pytest.fail(
            f"no line starting {prefix!r} within {timeout:.0f} s; output:\n"
            + "\n".join(self.output[-30:])
            + f"\nstderr:\n{self.stderr()[-3000:]}"
        )

    def rest(self) -> list[str]:
        """The stdout lines not read yet (after the process ended)."""
        time.sleep(0.1)  # the reader thread gets the last lines
        lines: list[str] = []
        while not self._lines.empty():
            lines.append(self._lines.get())
        return lines

    def interrupt(self, signum: signal.Signals) -> int:
        """Send ``signum`` (SIGINT to the group, like Ctrl-C); return the exit code."""
        if signum == signal.SIGINT:
            os.killpg(self.process.pid, signum)
        else:
            self.process.send_signal(signum)
        try:
            self.process.wait(timeout=HANG_GUARD)
        except subprocess.TimeoutExpired:
            self.stop()
            pytest.fail(f"did not exit within {HANG_GUARD:.0f} s of {signum.name}")
        return self.process.returncode

    def stop(self) -> None:
        """Teardown for a test that failed half-way: SIGTERM lets migcheck clean up."""
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=HANG_GUARD)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(timeout=HANG_GUARD)


@pytest.fixture
def start(tmp_path: Path) -> Generator[Callable[..., _Rehearsal], None, None]:
    runs: list[_Rehearsal] = []

    def launch(backend: str = "embedded", rows: int = 200_000) -> _Rehearsal:
        run = _Rehearsal(tmp_path / str(len(runs)), backend, rows)
        runs.append(run)
        return run

    yield launch
    for run in runs:
        run.stop()


def _assert_clean_exit(run: _Rehearsal, code: int, signum: signal.Signals) -> None:
    stderr = run.stderr()
    assert code != 0, f"exit 0 after {signum.name}"
    assert "Traceback" not in stderr, stderr[-3000:]
    assert "internal error" not in stderr, stderr[-3000:]
    assert "cleanup failed" not in stderr, stderr[-3000:]
    if signum == signal.SIGINT:
        assert code == 130, stderr[-3000:]  # 128 + SIGINT, as shells report Ctrl-C
    else:
        assert code in {143, -signal.SIGTERM}, stderr[-3000:]


def _assert_server_gone(root: Path) -> None:
    assert root.name.startswith("migcheck-pg-")
    assert processes_using(root) == []
    assert not root.exists()


# Each phase: the progress line that starts it, how long to let it run before the signal, and
# a line that would show it was over before the signal landed.
PHASES = {
    # initdb is running: its own postgres children must go too.
    "server-start": ("· initializing the data directory", 0.0, "· embedded PostgreSQL "),
    # The first tables (users, products, ...) are being filled with 200k rows.
    "seeding": ("· seeding ", 0.2, "· upgrade "),
    # 2a7c6e9f0b35 runs a full-table UPDATE of orders (seconds at 200k rows), probes running.
    "replay": ("· upgrade 2a7c6e9f0b35", 0.5, "✓ 2a7c6e9f0b35"),
}


def _interrupt_in(phase: str, run: _Rehearsal, signum: signal.Signals) -> None:
    root = Path(run.wait_for(STARTING).removeprefix(STARTING))
    marker, pause, over = PHASES[phase]
    run.wait_for(marker)
    time.sleep(pause)
    assert run.process.poll() is None, "finished before the signal"
    code = run.interrupt(signum)
    later = run.rest()
    assert not [line for line in later if line.startswith(over)], f"{phase} was over: {later}"
    _assert_clean_exit(run, code, signum)
    _assert_server_gone(root)


@pytest.mark.parametrize("phase", list(PHASES))
def test_ctrl_c_leaves_no_server_behind(phase: str, start: Callable[..., _Rehearsal]) -> None:
    _interrupt_in(phase, start(), signal.SIGINT)


@pytest.mark.parametrize("phase", ["seeding", "replay"])
def test_sigterm_leaves_no_server_behind(phase: str, start: Callable[..., _Rehearsal]) -> None:
    _interrupt_in(phase, start(), signal.SIGTERM)


def _containers_of(pid: int) -> list[str]:
    import docker

    client = docker.from_env()
    try:
        return [
            container.name
            for container in client.containers.list(
                all=True,
                filters={"label": ["org.migcheck.rehearse=true", f"org.migcheck.pid={pid}"]},
            )
        ]
    finally:
        client.close()


@pytest.mark.docker
@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGTERM], ids=lambda s: s.name)
def test_docker_interrupted_leaves_no_container(
    signum: signal.Signals, start: Callable[..., _Rehearsal]
) -> None:
    available, why = docker_available()
    if not available:
        pytest.skip(f"no Docker engine: {why}")
    run = start(backend="docker", rows=50_000)
    run.wait_for("· starting container ")
    run.wait_for("· upgrade ")  # the container is up, the replay has begun
    assert _containers_of(run.process.pid), "no container labelled with migcheck's pid"
    time.sleep(0.5)
    code = run.interrupt(signum)
    _assert_clean_exit(run, code, signum)
    assert _containers_of(run.process.pid) == []
