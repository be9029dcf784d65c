"""ANALYZE of a seeded table on a connection of its own, while the next table is filled.

A table filled on several connections ends with its indexes rebuilt (on every core: the leader
and its parallel workers) and ANALYZE, which runs on one core: on the shop schema of
``benchmarks/bench_seed.py`` that is 280 ms for a million users with one core idle. When more
tables are to come, the ANALYZE goes to a connection of its own and the next table is filled
meanwhile. The two do not wait for each other: ANALYZE takes SHARE UPDATE EXCLUSIVE on the table
it reads, and the next table's fill neither locks it (replica mode, foreign-key values drawn from
the parent's keys) nor needs its statistics. :func:`~migcheck.rehearse.seed.seed` waits for
every ANALYZE before it returns: a rehearsal never starts on tables without statistics.

Only for throwaway servers (where tables are filled on several connections anyway); the last
table, and tables filled in one transaction, are analyzed on the main connection as before.
"""

from __future__ import annotations

import contextlib
import queue
import threading
from typing import Any

import psycopg

from migcheck.errors import MigcheckError
from migcheck.rehearse.seed.sql import _execute, _one_line
from migcheck.rehearse.seed.workers import Connect

_STOP = None


class _BackgroundAnalyze:
    """One connection and one thread running ANALYZE for the tables handed to it, in order."""

    def __init__(self, connect: Connect) -> None:
        self._connect = connect
        self._connection: psycopg.Connection[Any] | None = None
        self._thread: threading.Thread | None = None
        self._queue: queue.SimpleQueue[tuple[str, str] | None] = queue.SimpleQueue()
        self._failures: list[str] = []
        self._unusable = False  # the connection could not be opened: analyze inline

    def submit(self, key: str, table_sql: str) -> bool:
        """ANALYZE ``table_sql`` in the background; False if that cannot be done (the caller
        then runs it itself)."""
        if self._unusable:
            return False
        if self._thread is None:
            try:
                connection = self._connect()
            except (psycopg.Error, MigcheckError):
                self._unusable = True
                return False
            connection.autocommit = True
            self._connection = connection
            self._thread = threading.Thread(
                target=self._work, args=(connection,), name="migcheck-analyze", daemon=True
            )
            self._thread.start()
        self._queue.put((key, table_sql))
        return True

    def _work(self, connection: psycopg.Connection[Any]) -> None:
        while (item := self._queue.get()) is not _STOP:
            key, table_sql = item
            try:
                _execute(connection, f"ANALYZE {table_sql}")
            except psycopg.Error as error:
                self._failures.append(f"{key}: no statistics (ANALYZE failed): {_one_line(error)}")
                if connection.closed or connection.broken:
                    break

    def finish(self) -> list[str]:
        """Wait for every ANALYZE handed over; one warning per table that has no statistics."""
        if self._thread is not None:
            self._queue.put(_STOP)
            self._thread.join()
            self._thread = None
        return self._failures

    def close(self) -> None:
        """Stop: an ANALYZE still running is cancelled (interrupted seed), the connection
        closed."""
        connection, thread = self._connection, self._thread
        if thread is not None and connection is not None:
            self._queue.put(_STOP)
            # Statements run on the worker thread; cancelling from here is what psycopg allows.
            with contextlib.suppress(psycopg.Error):
                connection.cancel_safe(timeout=5.0)
            thread.join()
            self._thread = None
        if connection is not None:
            with contextlib.suppress(psycopg.Error):
                connection.close()
            self._connection = None
