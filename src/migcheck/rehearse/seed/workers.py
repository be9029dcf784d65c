"""The extra connections that fill chunks beside the main one, and how many of them to use."""

from __future__ import annotations

import contextlib
import os
from collections.abc import Callable
from typing import Any

import psycopg

from migcheck.errors import ConfigError, MigcheckError
from migcheck.rehearse.seed.sql import _execute, _one_line

MAX_SEED_WORKERS = 4
"""Default cap on the connections filling one table (one per CPU core up to this)."""
WORKERS_ENV = "MIGCHECK_SEED_WORKERS"
"""Environment variable that forces the number of connections filling a table."""

Connect = Callable[[], "psycopg.Connection[Any]"]
"""Opens one more connection to the database being seeded."""


def seed_workers() -> int:
    """How many connections fill one table at once: :data:`WORKERS_ENV` when set, else one per
    CPU core available to this process, between 1 and :data:`MAX_SEED_WORKERS`.

    The cores counted are this machine's: right for the embedded and docker backends, a guess
    for a remote server (set the variable there).
    """
    forced = os.environ.get(WORKERS_ENV, "").strip()
    if forced:
        count = int(forced) if forced.isdigit() else 0
        if count < 1:
            raise ConfigError(f"{WORKERS_ENV} must be a whole number >= 1 (got {forced!r})")
        return count
    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        cores = os.cpu_count() or 1
    return max(1, min(MAX_SEED_WORKERS, cores))


# Session settings that change what a generated expression means (type names, casts to
# timestamp without time zone, money): the extra connections take the main connection's.
_COPIED_SETTINGS = ("search_path", "TimeZone", "DateStyle", "IntervalStyle", "lc_monetary")


class _WorkerPool:
    """Connections that fill chunks beside the main one: opened once, used for every table."""

    def __init__(self, connect: Connect, size: int) -> None:
        self._connect = connect
        self._size = size  # extra connections wanted
        self._connections: list[psycopg.Connection[Any]] = []
        self.failure: str | None = None  # why connecting failed (once: not tried again)

    def ready(self, conn: psycopg.Connection[Any]) -> list[psycopg.Connection[Any]]:
        """The extra connections, set up like the main one (``conn``); fewer (or none) if some
        cannot be."""
        self._connections = [c for c in self._connections if not c.closed and not c.broken]
        while len(self._connections) < self._size and self.failure is None:
            try:
                extra = self._connect()
            except (psycopg.Error, MigcheckError) as error:
                self.failure = _one_line(error)
                break
            extra.autocommit = True
            self._connections.append(extra)
        settings = conn.execute(
            "SELECT name, setting FROM pg_settings WHERE name = ANY(%s)",
            ([*_COPIED_SETTINGS, "session_replication_role"],),
        ).fetchall()
        usable: list[psycopg.Connection[Any]] = []
        for extra in self._connections:
            try:
                _execute(extra, "SET synchronous_commit = off")
                for name, setting in settings:
                    # Only what differs: session_replication_role needs a superuser to be set
                    # at all, even to the value it has.
                    extra.execute(
                        "SELECT set_config(%s, %s, false) WHERE current_setting(%s) <> %s",
                        (name, setting, name, setting),
                    )
            except psycopg.Error:
                continue  # e.g. replica mode not allowed there: leave that one out
            usable.append(extra)
        return usable

    def close(self) -> None:
        for extra in self._connections:
            with contextlib.suppress(psycopg.Error):
                extra.close()
        self._connections.clear()
