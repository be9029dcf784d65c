"""ANALYZE of a seeded table on a connection of its own, while the next table is filled.

A table filled on several connections ends with its indexes rebuilt (on every core: the leader
and its parallel workers) and ANALYZE, which runs on one core: on the shop schema of
``benchmarks/bench_seed.py`` that is 280 ms for a million users with one core idle. When more
tables are to come, the ANALYZE goes to a connection of its own and the next table is filled
meanwhile. As a superuser (replica mode, foreign-key values drawn from the parent's keys) the
next table's fill does not touch the analyzed one; as a table owner, dropping a foreign key to
it waits for its ANALYZE (SHARE UPDATE EXCLUSIVE) to end, which costs time, never correctness.
:func:`~migcheck.rehearse.seed.seed` waits for every ANALYZE before it returns: a rehearsal
never starts on tables without statistics. One that the background connection could not run
(its connection was lost) is run on the main connection instead.

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
_JOIN_SECONDS = 10.0
"""How long :meth:`_BackgroundAnalyze.close` waits for the thread after cancelling."""


class _BackgroundAnalyze:
    """One connection and one thread running ANALYZE for the tables handed to it, in order."""

    def __init__(self, connect: Connect) -> None:
        self._connect = connect
        self._connection: psycopg.Connection[Any] | None = None
        self._thread: threading.Thread | None = None
        self._queue: queue.SimpleQueue[tuple[str, str] | None] = queue.SimpleQueue()
        self._failures: list[str] = []
        self._left: list[tuple[str, str]] = []  # handed over, not run: the connection was lost
        self._stopping = threading.Event()
        self._unusable = False  # no connection (could not open one, or it was lost)

    def submit(self, key: str, table_sql: str) -> bool:
        """ANALYZE ``table_sql`` in the background; False if that cannot be done (the caller
        then runs it itself)."""
        if self._unusable or (self._thread is not None and not self._thread.is_alive()):
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
            if self._stopping.is_set():
                continue  # interrupted: what is still queued is not run
            key, table_sql = item
            if self._unusable:
                self._left.append(item)
                continue
            try:
                _execute(connection, f"ANALYZE {table_sql}")
            except Exception as error:  # reported by finish(), whatever it was
                if connection.closed or connection.broken:
                    self._unusable = True
                    self._left.append(item)
                else:
                    self._failures.append(
                        f"{key}: no statistics (ANALYZE failed): {_one_line(error)}"
                    )

    def finish(self) -> tuple[list[str], list[tuple[str, str]]]:
        """Wait for every ANALYZE handed over. Returns a warning per table whose ANALYZE
        failed, and the (key, table) of those not run because the connection was lost: the
        caller runs them."""
        if self._thread is not None:
            self._queue.put(_STOP)
            self._thread.join()
        return self._failures, self._left

    def close(self) -> None:
        """Stop (an interrupted seed): nothing more is started, the ANALYZE running is
        cancelled, the connection closed."""
        connection, thread = self._connection, self._thread
        self._stopping.set()
        if thread is not None and thread.is_alive() and connection is not None:
            self._queue.put(_STOP)
            # Statements run on the worker thread; cancelling from here is what psycopg allows.
            for _attempt in range(3):
                with contextlib.suppress(psycopg.Error):
                    connection.cancel_safe(timeout=2.0)
                thread.join(_JOIN_SECONDS / 3)
                if not thread.is_alive():
                    break
        if connection is not None:
            with contextlib.suppress(psycopg.Error):
                connection.close()
            self._connection = None
        self._thread = None
