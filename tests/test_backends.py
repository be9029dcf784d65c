"""Tests for migcheck.rehearse.backends: real servers, real containers, real signals."""

from __future__ import annotations

import json
import os
import queue
import re
import shutil
import signal
import subprocess
import sys
import textwrap
import threading
import time
from collections.abc import Callable, Generator
from pathlib import Path

import psycopg
import pytest
import sqlalchemy as sa
from helpers import processes_using
from psycopg.conninfo import conninfo_to_dict

from migcheck.errors import BackendError, MigcheckError
from migcheck.rehearse.backends import (
    Database,
    choose_backend,
    connect,
    docker_available,
    mask_url,
    open_database,
    with_dbname,
)

linux_only = pytest.mark.skipif(
    not sys.platform.startswith("linux"), reason="inspects /proc to find server processes"
)


# ---------------------------------------------------------------------------------------------
# helpers
# ---------------------------------------------------------------------------------------------


def _socket_dir(db: Database) -> Path:
    """The embedded server's temp dir (its unix socket lives there, its data in ``data/``)."""
    return Path(str(conninfo_to_dict(db.conninfo)["host"]))


def _container_name(db: Database) -> str:
    found = re.search(r"container (migcheck-[0-9a-f]+)", db.description)
    assert found, db.description
    return found.group(1)


def _containers_named(name: str) -> list[str]:
    """What ``docker ps -a --filter name=...`` would list, via the Docker SDK."""
    import docker

    client = docker.from_env(timeout=10)
    try:
        return [c.name for c in client.containers.list(all=True, filters={"name": name})]
    finally:
        client.close()


def _require_docker() -> None:
    available, why = docker_available()
    if not available:
        pytest.skip(f"no Docker engine: {why}")


def _server_version(db: Database) -> tuple[str, str]:
    with connect(db) as conn:
        row = conn.execute("SELECT version(), current_database()").fetchone()
    assert row is not None
    return str(row[0]), str(row[1])


# ---------------------------------------------------------------------------------------------
# embedded
# ---------------------------------------------------------------------------------------------


@pytest.mark.postgres
@linux_only
def test_embedded_starts_answers_and_leaves_nothing_behind() -> None:
    messages: list[str] = []
    with open_database("embedded", on_status=messages.append) as db:
        root = _socket_dir(db)
        version, database = _server_version(db)
        assert version.startswith("PostgreSQL 18")
        assert database == "postgres"
        assert db.backend == "embedded"
        assert db.server_version == 18
        assert db.throwaway is True
        assert db.bin_dir is not None
        assert (db.bin_dir / "pg_dump").exists()
        assert (db.bin_dir / "pgbench").exists()
        assert (root / "data" / "PG_VERSION").exists()
        assert processes_using(root), "the server should be visible while it runs"

        # The SQLAlchemy URL works too, and so does TCP on 127.0.0.1 with the password.
        engine = sa.create_engine(db.url)
        try:
            with engine.connect() as conn:
                assert conn.execute(sa.text("SHOW fsync")).scalar() == "off"
        finally:
            engine.dispose()
        params = conninfo_to_dict(db.conninfo)
        with psycopg.connect(
            host="127.0.0.1",
            port=params["port"],
            user=params["user"],
            password=params["password"],
            dbname="postgres",
            connect_timeout=5,
        ) as conn:
            assert conn.execute("SELECT inet_server_addr()::text").fetchone() == ("127.0.0.1/32",)

    assert not processes_using(root)
    assert not root.exists()
    assert messages[0] == "backend: embedded (requested with --backend embedded)"
    assert any("ready in" in message for message in messages)
    assert all(str(params["password"]) not in message for message in messages)
    assert str(params["password"]) not in db.description


@pytest.mark.postgres
@linux_only
def test_embedded_cleans_up_when_the_body_raises() -> None:
    with pytest.raises(RuntimeError, match="boom"), open_database("embedded") as db:
        root = _socket_dir(db)
        raise RuntimeError("boom")
    assert not processes_using(root)
    assert not root.exists()


@pytest.mark.postgres
def test_termination_handlers_are_restored() -> None:
    before = signal.getsignal(signal.SIGTERM), signal.getsignal(signal.SIGINT)
    with open_database("embedded"):
        assert signal.getsignal(signal.SIGTERM) is not before[0]
    assert (signal.getsignal(signal.SIGTERM), signal.getsignal(signal.SIGINT)) == before


@pytest.mark.postgres
def test_pg_database_is_fresh_and_separate(pg_server: Database, pg_database: Database) -> None:
    _, name = _server_version(pg_database)
    assert name.startswith("test_")
    assert pg_database.server_version == pg_server.server_version == 18
    engine = sa.create_engine(pg_database.url)
    try:
        with engine.begin() as conn:
            assert conn.execute(sa.text("SELECT current_database()")).scalar() == name
            tables = conn.execute(
                sa.text("SELECT count(*) FROM pg_tables WHERE schemaname = 'public'")
            ).scalar()
            assert tables == 0
            conn.execute(sa.text("CREATE TABLE t (id int)"))
    finally:
        engine.dispose()
    with connect(pg_server) as conn:
        assert conn.execute("SELECT to_regclass('public.t')").fetchone() == (None,)


@pytest.mark.postgres
def test_with_dbname_points_at_another_database(pg_server: Database) -> None:
    other = with_dbname(pg_server, "template1")
    assert _server_version(other)[1] == "template1"
    assert sa.make_url(other.url).database == "template1"


# ---------------------------------------------------------------------------------------------
# url
# ---------------------------------------------------------------------------------------------


def _tcp_url(db: Database, password: str | None = None) -> str:
    params = conninfo_to_dict(db.conninfo)
    secret = password if password is not None else params["password"]
    return f"postgresql://postgres:{secret}@127.0.0.1:{params['port']}/postgres"


@pytest.mark.postgres
def test_url_backend_refuses_without_allow_writes(pg_server: Database) -> None:
    url = _tcp_url(pg_server)
    password = str(conninfo_to_dict(pg_server.conninfo)["password"])
    with pytest.raises(BackendError) as caught, open_database("url", database_url=url):
        pytest.fail("must not open a user's database without allow_writes")
    message = str(caught.value)
    assert "refusing" in message
    assert "allow-writes" in message
    assert password not in message
    assert "postgres:***@127.0.0.1" in message
    assert "\n" not in message


@pytest.mark.postgres
def test_url_backend_with_allow_writes(pg_server: Database) -> None:
    url = _tcp_url(pg_server)
    password = str(conninfo_to_dict(pg_server.conninfo)["password"])
    messages: list[str] = []
    with open_database("url", database_url=url, allow_writes=True, on_status=messages.append) as db:
        assert db.backend == "url"
        assert db.throwaway is False
        assert db.bin_dir is None
        assert db.server_version == 18
        assert db.url.startswith("postgresql+psycopg://")
        assert password not in db.description
        assert _server_version(db)[1] == "postgres"
    assert all(password not in message for message in messages)


@pytest.mark.parametrize("allow_writes", [True, False])
def test_url_errors_never_show_the_password(allow_writes: bool) -> None:
    url = "postgresql://u:secret@127.0.0.1:1/db"
    with (
        pytest.raises(BackendError) as caught,
        open_database("url", database_url=url, allow_writes=allow_writes),
    ):
        pytest.fail("unreachable")
    message = str(caught.value)
    assert "secret" not in message
    assert "postgresql://u:***@127.0.0.1:1/db" in message
    assert "\n" not in message
    if allow_writes:
        assert message.startswith("cannot connect to ")


@pytest.mark.postgres
def test_wrong_password_error_is_masked(pg_server: Database) -> None:
    url = _tcp_url(pg_server, password="wrong-secret")
    with (
        pytest.raises(BackendError) as caught,
        open_database("url", database_url=url, allow_writes=True),
    ):
        pytest.fail("wrong password must not connect")
    assert "wrong-secret" not in str(caught.value)
    assert "password authentication failed" in str(caught.value)


def test_url_backend_needs_a_postgresql_url() -> None:
    with pytest.raises(BackendError, match="needs --database-url"), open_database("url"):
        pass
    with (
        pytest.raises(BackendError, match="not a postgresql:// URL") as caught,
        open_database("url", database_url="mysql://u:secret@h/db", allow_writes=True),
    ):
        pass
    assert "secret" not in str(caught.value)


def test_database_url_with_another_backend_is_an_error() -> None:
    with (
        pytest.raises(BackendError, match="only used with --backend url") as caught,
        open_database("embedded", database_url="postgresql://u:secret@h/db"),
    ):
        pass
    assert "secret" not in str(caught.value)


@pytest.mark.parametrize(
    ("url", "masked"),
    [
        ("postgresql://u:secret@h:5432/db", "postgresql://u:***@h:5432/db"),
        ("postgresql+psycopg://u:secret@h/db", "postgresql+psycopg://u:***@h/db"),
        (
            "postgresql://u:s%40cr%2Fet@h/db?sslmode=require",
            "postgresql://u:***@h/db?sslmode=require",
        ),
        ("postgresql://u:se@cr/et@h/db", "postgresql://u:***@h/db"),  # not percent-encoded
        (
            "postgresql://h/db?user=u&password=secret&x=1",
            "postgresql://h/db?user=u&password=***&x=1",
        ),
        ("postgresql://u@h/db", "postgresql://u@h/db"),
        ("postgresql:///db?host=/tmp/x", "postgresql:///db?host=/tmp/x"),
        ("host=h user=u password=secret dbname=db", "host=h user=u password=*** dbname=db"),
        ("host=h password = 'sec ret' dbname=db", "host=h password = *** dbname=db"),
    ],
)
def test_mask_url(url: str, masked: str) -> None:
    assert mask_url(url) == masked
    assert "secret" not in mask_url(url)


def test_unknown_backend_is_a_migcheck_error() -> None:
    with pytest.raises(MigcheckError, match="unknown --backend 'podman'"):
        choose_backend("podman")


# ---------------------------------------------------------------------------------------------
# auto
# ---------------------------------------------------------------------------------------------


def test_auto_picks_docker_or_embedded_and_says_why() -> None:
    available, why = docker_available()
    backend, reason = choose_backend("auto")
    assert backend == ("docker" if available else "embedded")
    assert reason.startswith(f"{backend} (")
    assert why in reason


@pytest.mark.parametrize(
    ("docker_host", "expected"),
    [
        ("unix:///nonexistent/docker.sock", "/nonexistent/docker.sock does not exist"),
        ("tcp://127.0.0.1:1", "tcp://127.0.0.1:1: "),
    ],
)
def test_auto_falls_back_to_embedded_without_an_engine(
    monkeypatch: pytest.MonkeyPatch, docker_host: str, expected: str
) -> None:
    monkeypatch.setenv("DOCKER_HOST", docker_host)
    backend, reason = choose_backend("auto")
    assert backend == "embedded"
    assert reason.startswith("embedded (no Docker engine answered: ")
    assert expected in reason


@pytest.mark.postgres
def test_auto_opens_what_it_chose() -> None:
    expected, reason = choose_backend("auto")
    messages: list[str] = []
    with open_database("auto", on_status=messages.append) as db:
        assert db.backend == expected
        assert _server_version(db)[0].startswith("PostgreSQL")
    assert messages[0] == f"backend: {reason}"


# ---------------------------------------------------------------------------------------------
# docker
# ---------------------------------------------------------------------------------------------


@pytest.mark.postgres
@pytest.mark.docker
def test_docker_starts_connects_via_loopback_and_is_removed() -> None:
    _require_docker()
    with open_database("docker", image="postgres:17") as db:
        name = _container_name(db)
        assert conninfo_to_dict(db.conninfo)["host"] == "127.0.0.1"
        assert sa.make_url(db.url).host == "127.0.0.1"
        assert db.server_version == 17
        assert db.throwaway is True
        assert db.bin_dir is None
        assert _server_version(db)[0].startswith("PostgreSQL 17")
        assert _containers_named(name) == [name]
    assert _containers_named(name) == []


@pytest.mark.postgres
@pytest.mark.docker
def test_docker_db_fixture(docker_db: Database) -> None:
    assert conninfo_to_dict(docker_db.conninfo)["host"] == "127.0.0.1"
    with connect(docker_db, autocommit=True) as conn:
        assert conn.execute("SHOW synchronous_commit").fetchone() == ("off",)


@pytest.mark.postgres
@pytest.mark.docker
def test_the_seed_relay_works_inside_a_container(docker_db: Database) -> None:
    """The scratch directory is the container's own /tmp: COPY writes and reads it there."""
    from migcheck.rehearse.seed import TablePlan, seed

    assert docker_db.scratch_dir == "/tmp"
    with connect(docker_db, autocommit=True) as conn:
        conn.execute(
            "DROP TABLE IF EXISTS relayed; "
            "CREATE TABLE relayed (id bigserial PRIMARY KEY, name text NOT NULL, code char(6))"
        )
    with connect(docker_db) as conn:
        result = seed(
            conn,
            [TablePlan("public.relayed", 60_000)],
            connect=lambda: connect(docker_db, autocommit=True),
            workers=2,
            scratch_dir=docker_db.scratch_dir,
        )
        assert result.warnings == []  # no fallback to INSERT
        assert conn.execute(
            "SELECT count(DISTINCT id), min(octet_length(code)) FROM relayed"
        ).fetchone() == (60_000, 6)
        files = conn.execute(
            "SELECT f, (pg_stat_file('/tmp/' || f)).size FROM pg_ls_dir('/tmp') f "
            "WHERE f LIKE 'migcheck-seed-%'"
        ).fetchall()
        conn.rollback()
    assert len(files) >= 2  # one per chunk (50,000 rows each)
    assert {size for _, size in files} == {0}  # emptied after loading


@pytest.mark.docker
def test_docker_missing_image_is_a_clear_error() -> None:
    _require_docker()
    with (
        pytest.raises(BackendError, match="migcheck-no-such-image:0") as caught,
        open_database("docker", image="migcheck-no-such-image:0"),
    ):
        pass
    assert "\n" not in str(caught.value)


# ---------------------------------------------------------------------------------------------
# signals: a separate process is started, interrupted, and must leave nothing behind
# ---------------------------------------------------------------------------------------------

_SIGNAL_SCRIPT = textwrap.dedent(
    """
    import json, signal, sys, time
    # Background jobs may inherit SIGINT ignored; a user's Ctrl-C is what we simulate.
    signal.signal(signal.SIGINT, signal.default_int_handler)
    from migcheck.rehearse.backends import open_database

    def status(message):
        print(json.dumps({"status": message}), flush=True)

    with open_database(sys.argv[1], on_status=status) as db:
        print(json.dumps({"conninfo": db.conninfo, "description": db.description}), flush=True)
        time.sleep(600)
    """
)

# How a Python process ends when the signal interrupts it: KeyboardInterrupt re-raises SIGINT
# (-2); open_database turns SIGTERM/SIGHUP into SystemExit(128 + signum).
_EXPECTED_RETURNCODE = {signal.SIGINT: -signal.SIGINT, signal.SIGTERM: 143, signal.SIGHUP: 129}


class _Child:
    """``_SIGNAL_SCRIPT`` in a subprocess; its JSON stdout lines are read by a thread."""

    def __init__(self, backend: str, directory: Path) -> None:
        directory.mkdir()
        self.stderr_path = directory / "stderr.txt"
        with self.stderr_path.open("w") as stderr:
            self.process = subprocess.Popen(
                [sys.executable, "-c", _SIGNAL_SCRIPT, backend],
                stdout=subprocess.PIPE,
                stderr=stderr,
                text=True,
            )
        self.lines: queue.Queue[dict[str, str]] = queue.Queue()
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            self.lines.put(json.loads(line))

    def stderr(self) -> str:
        return self.stderr_path.read_text()

    def wait_for(self, key: str, timeout: float, prefix: str = "") -> dict[str, str]:
        """The first line whose ``key`` starts with ``prefix``; fails after ``timeout``."""
        give_up = time.monotonic() + timeout
        while (remaining := give_up - time.monotonic()) > 0:
            try:
                line = self.lines.get(timeout=remaining)
            except queue.Empty:
                break
            if key in line and line[key].startswith(prefix):
                return line
        pytest.fail(f"no {key!r} line within {timeout:.0f} s: {self.stderr()[-2000:]}")

    def wait_until_ready(self, timeout: float) -> Database:
        ready = self.wait_for("conninfo", timeout)
        return Database(
            backend="",
            url="",
            conninfo=ready["conninfo"],
            description=ready["description"],
            server_version=0,
            throwaway=True,
            bin_dir=None,
        )

    def interrupt(self, signum: signal.Signals) -> None:
        """Send ``signum``; the child must exit (30 s hang guard) the way Python does for it."""
        self.process.send_signal(signum)
        try:
            self.process.wait(timeout=30)  # hang guard, not a speed target
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(timeout=30)
            pytest.fail(f"did not exit within 30 s of {signum.name}")
        assert self.process.returncode == _EXPECTED_RETURNCODE[signum], self.stderr()
        assert "cleanup failed" not in self.stderr()

    def stop(self) -> None:
        """Teardown for a test that failed half-way: SIGTERM lets the child clean up."""
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=30)


@pytest.fixture
def spawn(tmp_path: Path) -> Generator[Callable[[str], _Child], None, None]:
    """Start ``_SIGNAL_SCRIPT`` children; any still running at teardown is stopped."""
    children: list[_Child] = []

    def start(backend: str) -> _Child:
        child = _Child(backend, tmp_path / str(len(children)))
        children.append(child)
        return child

    yield start
    for child in children:
        child.stop()


@pytest.mark.postgres
@linux_only
@pytest.mark.parametrize(
    "signum", [signal.SIGINT, signal.SIGTERM, signal.SIGHUP], ids=lambda s: s.name
)
def test_embedded_is_cleaned_up_on_signal(
    signum: signal.Signals, spawn: Callable[[str], _Child]
) -> None:
    child = spawn("embedded")
    root = _socket_dir(child.wait_until_ready(timeout=90))
    assert processes_using(root)
    child.interrupt(signum)
    assert not processes_using(root)
    assert not root.exists()


@pytest.mark.postgres
@linux_only
@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGTERM], ids=lambda s: s.name)
def test_embedded_is_cleaned_up_when_interrupted_while_starting(
    signum: signal.Signals, spawn: Callable[[str], _Child]
) -> None:
    # The signal lands while initdb runs: initdb's own postgres children must die too.
    child = spawn("embedded")
    prefix = "starting embedded PostgreSQL in "
    root = Path(child.wait_for("status", 90, prefix)["status"].removeprefix(prefix))
    assert root.name.startswith("migcheck-pg-")
    child.wait_for("status", 90, "initializing the data directory")
    child.interrupt(signum)
    assert not processes_using(root)
    assert not root.exists()


@pytest.mark.postgres
@linux_only
def test_embedded_server_dies_with_a_killed_parent(spawn: Callable[[str], _Child]) -> None:
    # SIGKILL leaves no chance to clean up; the parent-death signal still stops the server
    # (the temp dir stays behind, so the test removes it).
    child = spawn("embedded")
    root = _socket_dir(child.wait_until_ready(timeout=90))
    try:
        assert processes_using(root)
        child.process.kill()
        child.process.wait(timeout=30)
        give_up = time.monotonic() + 30  # hang guard, not a speed target
        while processes_using(root) and time.monotonic() < give_up:
            time.sleep(0.1)
        assert not processes_using(root)
    finally:
        for pid in processes_using(root):  # only if the assertion above failed
            os.kill(pid, signal.SIGKILL)
        shutil.rmtree(root, ignore_errors=True)


@pytest.mark.postgres
@pytest.mark.docker
@pytest.mark.slow
@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGTERM], ids=lambda s: s.name)
def test_docker_container_is_removed_on_signal(
    signum: signal.Signals, spawn: Callable[[str], _Child]
) -> None:
    _require_docker()
    child = spawn("docker")
    name = _container_name(child.wait_until_ready(timeout=150))
    assert _containers_named(name) == [name]
    child.interrupt(signum)
    assert _containers_named(name) == []
