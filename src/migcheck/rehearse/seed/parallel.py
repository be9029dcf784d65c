"""Filling one empty table on several connections at once.

Given a way to open more connections (``seed(..., connect=...)``) and a connection of its own
(not inside the caller's transaction), an empty table of at least :data:`PARALLEL_MIN_ROWS` rows
is filled by several connections at once (:func:`~migcheck.rehearse.seed.seed_workers`): one
backend generating rows keeps one CPU core busy, so a second one on a second core adds about half
as much again (they share the WAL and the table's end). The steps are then separate transactions:
the index and key drops are committed, the probe runs on the main connection (so that the value
generators are settled before anyone else uses them), every chunk is committed on its own, and
the indexes and keys are rebuilt at the end. As the table was empty, anything that goes wrong
after the first chunk is undone by emptying it again (and never touches rows that were there
before us).
"""

from __future__ import annotations

import collections
import contextlib
import math
import queue
import threading
from collections.abc import Callable, Generator, Sequence
from contextlib import contextmanager
from typing import Any, LiteralString, cast

import psycopg
from psycopg.pq import TransactionStatus

from migcheck.errors import BackendError, MigcheckError
from migcheck.rehearse.seed.catalog import _Table
from migcheck.rehearse.seed.deferral import _drop_for_load, _restore
from migcheck.rehearse.seed.fallbacks import _attempt_with_fallbacks, _probe, _try_relay
from migcheck.rehearse.seed.fill import CHUNK_ROWS
from migcheck.rehearse.seed.insert import _advance_sequences, _Insert, _TableSeeder
from migcheck.rehearse.seed.keys import _Seeded
from migcheck.rehearse.seed.relay import RELAY_CHUNK_ROWS
from migcheck.rehearse.seed.run import _RetryWithIndexes, _Run, _SkipTable
from migcheck.rehearse.seed.sql import _execute, _try

PARALLEL_MIN_ROWS = 50_000
"""Smaller tables are filled by one connection: more would cost more than they save."""


def _run_table_in_parallel(run: _Run, seeder: _TableSeeder, *, defer: bool) -> int | None:
    """Seed an empty table with its chunks filled on several connections; None: not this one.

    Each step is committed on its own: the deferred indexes and keys are dropped; the INSERT is
    built and probed on the main connection (the only one that ever changes the generators);
    the chunks are filled on all connections, and after a failure the chunks not done are
    finished on the main connection with the usual fallbacks; the indexes and keys are rebuilt;
    ANALYZE. The table held no rows before, so whenever rows must be taken back (a table that
    cannot be seeded, an index that cannot be rebuilt over them, an interruption), emptying it
    again gives the outcome a rolled-back transaction would have given.
    """
    conn, table, pool = run.conn, seeder.table, run.pool
    assert pool is not None
    if seeder.rows < PARALLEL_MIN_ROWS or not _holds_no_rows(conn, table):
        return None
    with _session_tuning(conn) as replica:
        extra = pool.ready(run.conn)
        if not extra:
            return None
        mark = len(run.warnings)
        insert = seeder.build()
        if insert is None:
            raise _SkipTable
        # Keys drawn from a temp table are visible to this session only; rows numbered by their
        # own sequence point at ids taken in the same statement, which would interleave.
        if insert.joins or insert.self_sequence is not None or seeder.rows < PARALLEL_MIN_ROWS:
            del run.warnings[mark:]
            return None
        deferral = _drop_for_load(conn, run.catalog, table, replica=replica) if defer else None
        restores = deferral.restores if deferral is not None else []
        try:
            done = _fill_in_parallel(run, seeder, insert, [conn, *extra])
        except _SkipTable:
            _take_back(run, table, restores)
            raise
        except BaseException:
            # Interrupted or failed: put the table back as it was, as far as the server lets us;
            # the error that brought us here is the one to report.
            with contextlib.suppress(psycopg.Error, MigcheckError):
                _take_back(run, table, restores)
            raise
        failed = _restore(conn, restores, build_workers=run.index_build_workers)
        if failed:
            _take_back(run, table, [(what, statement) for what, statement, _ in failed])
            what, _, reason = failed[0]
            raise _RetryWithIndexes(f"restoring {what} after seeding failed: {reason}")
        _advance_sequences(conn, insert, done)
        if done:
            _analyze(run, table)
        run.keybook.seeded[table.oid] = _Seeded(seeder.base, done, dict(insert.keys))
    return done


def _fill_in_parallel(
    run: _Run,
    seeder: _TableSeeder,
    insert: _Insert,
    connections: Sequence[psycopg.Connection[Any]],
) -> int:
    """Probe, then fill every chunk, on all ``connections`` (the main one first)."""
    conn, table = run.conn, seeder.table
    total = seeder.rows
    _probe(conn, seeder, insert)
    _try_relay(run, seeder, insert)
    size = RELAY_CHUNK_ROWS if insert.relay else CHUNK_ROWS
    chunks = _chunk_ranges(seeder.base, total, len(connections), size)
    done = 0

    def chunk_done(index: int) -> None:
        nonlocal done
        first, last = chunks[index]
        done += last - first + 1
        if run.on_progress is not None:
            run.on_progress(table.key, done, total)

    # The statements are written here, before any thread starts: the generators stay untouched
    # until every connection has finished.
    statements = [insert.statement(first, last) for first, last in chunks]
    for index in _run_concurrently(connections, statements, chunk_done):
        first, last = chunks[index]
        _attempt_with_fallbacks(conn, seeder, insert, first, last, keep=True)
        chunk_done(index)
    return total


def _analyze(run: _Run, table: _Table) -> None:
    """ANALYZE the table: on the background connection while the next table is filled when one
    follows (:mod:`~.analyze`), else here."""
    analyzer = run.analyzer
    if run.more_tables and analyzer is not None and analyzer.submit(table.key, table.sql):
        return
    _execute(run.conn, f"ANALYZE {table.sql}")


def _chunk_ranges(
    base: int, total: int, connections: int, chunk_rows: int = CHUNK_ROWS
) -> list[tuple[int, int]]:
    """Row ranges (first, last) after ``base``: at most ``chunk_rows`` rows each, and a multiple
    of ``connections`` of them, so that every connection gets about as much work."""
    count = connections * math.ceil(total / (connections * chunk_rows))
    size = math.ceil(total / count)
    ranges: list[tuple[int, int]] = []
    first, end = base + 1, base + total
    while first <= end:
        last = min(end, first + size - 1)
        ranges.append((first, last))
        first = last + 1
    return ranges


_FINISHED = -1


def _run_concurrently(
    connections: Sequence[psycopg.Connection[Any]],
    statements: Sequence[str],
    on_done: Callable[[int], None],
) -> list[int]:
    """Run ``statements`` (autocommit, each its own transaction) on all ``connections`` at once.

    ``on_done(index)`` is called in this thread as each statement completes. The first failure
    stops handing out statements (those running finish). Returns the indexes of the statements
    not done, failed or never started, in order; an exception that is not a database error is
    raised again here. Interrupted (Ctrl-C), it cancels what runs and waits for it.
    """
    pending = collections.deque(range(len(statements)))
    reports: queue.SimpleQueue[tuple[int, BaseException | None]] = queue.SimpleQueue()
    stop = threading.Event()

    def work(connection: psycopg.Connection[Any]) -> None:
        try:
            while not stop.is_set():
                try:
                    index = pending.popleft()  # atomic: no two threads get the same chunk
                except IndexError:
                    return
                try:
                    _execute(connection, statements[index])
                except BaseException as error:  # judged by the calling thread
                    reports.put((index, error))
                    return
                reports.put((index, None))
        finally:
            reports.put((_FINISHED, None))

    threads = [
        threading.Thread(target=work, args=(c,), name=f"migcheck-seed-{n}", daemon=True)
        for n, c in enumerate(connections)
    ]
    for thread in threads:
        thread.start()
    done: set[int] = set()
    crash: BaseException | None = None
    running = len(threads)
    try:
        while running:
            try:
                index, error = reports.get(timeout=0.5)  # a timeout keeps Ctrl-C responsive
            except queue.Empty:
                continue
            if index == _FINISHED:
                running -= 1
            elif error is None:
                done.add(index)
                on_done(index)
            else:
                stop.set()
                if not isinstance(error, psycopg.Error) and crash is None:
                    crash = error
    except BaseException:
        stop.set()
        for connection in connections:
            with contextlib.suppress(psycopg.Error):
                connection.cancel_safe(timeout=5.0)
        for thread in threads:
            thread.join()
        raise
    for thread in threads:
        thread.join()
    if crash is not None:
        raise crash
    return [index for index in range(len(statements)) if index not in done]


@contextmanager
def _session_tuning(conn: psycopg.Connection[Any]) -> Generator[bool, None, None]:
    """For one table: synchronous_commit off and, for superusers, replica mode (RI triggers
    skipped) on ``conn``'s session, put back afterwards. Yields whether replica mode is on."""
    saved = conn.execute(
        "SELECT name, setting FROM pg_settings WHERE name = ANY(%s)",
        (["synchronous_commit", "session_replication_role"],),
    ).fetchall()
    replica = False
    try:
        _execute(conn, "SET synchronous_commit = off")
        replica = _try(conn, "SET session_replication_role = replica")
        yield replica
    finally:
        if not conn.closed and conn.info.transaction_status == TransactionStatus.IDLE:
            for name, setting in saved:
                if name != "session_replication_role" or replica:  # only what we could change
                    conn.execute("SELECT set_config(%s, %s, false)", (name, setting))


def _holds_no_rows(conn: psycopg.Connection[Any], table: _Table) -> bool:
    # ONLY: an inheritance parent gets our rows itself. A partitioned table holds none itself.
    only = "" if table.relkind == "p" else "ONLY "
    row = conn.execute(
        cast("LiteralString", f"SELECT NOT EXISTS (SELECT FROM {only}{table.sql})")
    ).fetchone()
    return bool(row and row[0])


def _take_back(run: _Run, table: _Table, restores: Sequence[tuple[str, str]]) -> None:
    """Remove the rows we committed (the table held none before), then rebuild what was dropped."""
    conn = run.conn
    only = "" if table.relkind == "p" else "ONLY "
    # TRUNCATE refuses a table that other tables reference, even empty ones; DELETE does not.
    referenced = any(
        con.table_oid != table.oid for _, con, _ in run.catalog.incoming.get(table.oid, [])
    )
    verb = "DELETE FROM" if referenced else "TRUNCATE"
    with conn.transaction():
        _execute(conn, f"{verb} {only}{table.sql}")
    failed = _restore(conn, restores, build_workers=run.index_build_workers)
    if failed:
        what, _, reason = failed[0]
        raise BackendError(f"seeding {table.key}: cannot put {what} back: {reason}")
