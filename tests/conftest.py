"""Shared pytest fixtures for migcheck's tests, one section per subsystem.

Add new fixtures under their own section heading. Import database libraries inside fixtures, not
at module level, so that test runs which never touch PostgreSQL stay light.
"""

from __future__ import annotations

import signal
import uuid
from collections.abc import Generator
from contextlib import contextmanager
from types import FrameType
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from migcheck.rehearse.backends import Database


# ---------------------------------------------------------------------------------------------
# PostgreSQL servers (migcheck.rehearse.backends)
# ---------------------------------------------------------------------------------------------


def _stop_session(_signum: int, _frame: FrameType | None) -> None:
    raise KeyboardInterrupt


@contextmanager
def _sigterm_stops_session() -> Generator[None, None, None]:
    """While a long-lived server fixture is up, make SIGTERM (CI timeouts) act like Ctrl-C.

    open_database turns SIGTERM into SystemExit, which pytest would record as one failed test
    and carry on; KeyboardInterrupt stops the session and tears the fixtures (servers) down.
    """
    previous = signal.signal(signal.SIGTERM, _stop_session)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, signal.SIG_DFL if previous is None else previous)


@pytest.fixture(scope="session")
def pg_server() -> Generator[Database, None, None]:
    """One embedded PostgreSQL 18 for the whole test session (superuser, database "postgres").

    Prefer ``pg_database`` for tests that create objects; use this one for server-wide checks.
    """
    from migcheck.rehearse.backends import open_database

    with open_database("embedded") as db, _sigterm_stops_session():
        yield db


@pytest.fixture
def pg_database(pg_server: Database) -> Generator[Database, None, None]:
    """A fresh, empty database ``test_<uuid>`` on ``pg_server``, dropped after the test."""
    from psycopg import sql

    from migcheck.rehearse.backends import connect, with_dbname

    name = f"test_{uuid.uuid4().hex}"
    with connect(pg_server, autocommit=True) as conn:
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    try:
        yield with_dbname(pg_server, name)
    finally:
        with connect(pg_server, autocommit=True) as conn:
            # FORCE: a test that leaked a connection must not make the drop (and the suite) fail.
            conn.execute(sql.SQL("DROP DATABASE {} WITH (FORCE)").format(sql.Identifier(name)))


@pytest.fixture(scope="module")
def docker_db() -> Generator[Database, None, None]:
    """A throwaway postgres:17 container for the module; skips when no Docker engine answers."""
    from migcheck.rehearse.backends import docker_available, open_database

    available, why = docker_available()
    if not available:
        pytest.skip(f"no Docker engine: {why}")
    with open_database("docker", image="postgres:17") as db, _sigterm_stops_session():
        yield db
