"""Filling one table on the main connection: one transaction, chunk after chunk.

Inside the table's transaction: synchronous_commit off, replica mode where allowed, indexes and
keys deferred (:mod:`migcheck.rehearse.seed.deferral`), the probe, then one INSERT of at most
:data:`CHUNK_ROWS` rows per chunk, the deferred indexes and keys rebuilt, sequences moved on,
ANALYZE. Triggers do not fire in replica mode (audit tables stay empty).
"""

from __future__ import annotations

import psycopg

from migcheck.rehearse.seed.deferral import _drop_for_load, _tune_index_builds
from migcheck.rehearse.seed.fallbacks import _attempt_with_fallbacks, _probe, _try_relay
from migcheck.rehearse.seed.insert import _advance_sequences, _Insert, _TableSeeder
from migcheck.rehearse.seed.keys import _Seeded
from migcheck.rehearse.seed.relay import RELAY_CHUNK_ROWS
from migcheck.rehearse.seed.run import _RetryWithIndexes, _Run, _SkipTable
from migcheck.rehearse.seed.sql import _execute, _one_line, _try

CHUNK_ROWS = 200_000
"""Rows per INSERT statement: large enough to amortise planning, small enough for progress."""


def _run_table(run: _Run, seeder: _TableSeeder, *, defer: bool) -> int:
    conn, table = run.conn, seeder.table
    with conn.transaction():
        # Settings changed below are put back at the end: inside a caller's transaction (we are
        # a savepoint then) they would otherwise last until the caller commits.
        saved = conn.execute(
            "SELECT name, setting FROM pg_settings WHERE name = ANY(%s)", (list(_TUNED_SETTINGS),)
        ).fetchall()
        _execute(conn, "SET LOCAL synchronous_commit = off")
        _tune_index_builds(conn, run.index_build_workers)
        # Replica mode (superusers) skips the per-row foreign-key triggers: our values are drawn
        # from the parents' keys. Without it the foreign keys are dropped and validated at the
        # end in one query each, which is still far cheaper than a trigger per row.
        replica = _try(conn, "SET LOCAL session_replication_role = replica")
        deferral = _drop_for_load(conn, run.catalog, table, replica=replica) if defer else None
        insert = seeder.build()
        if insert is None:
            raise _SkipTable
        done = _insert_rows(run, seeder, insert)
        if deferral is not None:
            for what, statement in deferral.restores:
                try:
                    with conn.transaction():
                        _execute(conn, statement)
                except psycopg.Error as error:
                    raise _RetryWithIndexes(
                        f"restoring {what} after seeding failed: {_one_line(error)}"
                    ) from None
        _advance_sequences(conn, insert, done)
        if done:
            _execute(conn, f"ANALYZE {table.sql}")
        run.keybook.seeded[table.oid] = _Seeded(seeder.base, done, dict(insert.keys))
        for name, setting in saved:
            if name != "session_replication_role" or replica:  # only what we could change
                conn.execute("SELECT set_config(%s, %s, true)", (name, setting))
    return done


_TUNED_SETTINGS = (
    "synchronous_commit",
    "session_replication_role",
    "maintenance_work_mem",
    "max_parallel_maintenance_workers",
)


def _insert_rows(run: _Run, seeder: _TableSeeder, insert: _Insert) -> int:
    conn, table, on_progress = run.conn, seeder.table, run.on_progress
    base, total = seeder.base, seeder.rows
    _probe(conn, seeder, insert)
    _try_relay(run, seeder, insert)
    done = 0
    while done < total:
        first = base + done + 1
        last = base + min(total, done + (RELAY_CHUNK_ROWS if insert.relay else CHUNK_ROWS))
        _attempt_with_fallbacks(conn, seeder, insert, first, last, keep=True)
        done = last - base
        if on_progress is not None:
            on_progress(table.key, done, total)
    return done
