"""The rehearsal's instruments: locks held, tables rewritten, and how long traffic waited.

* :class:`LockMonitor` polls ``pg_locks`` for the migration's backend from its own connection
  every few milliseconds (and once more after every statement), so it sees locks taken *during*
  a statement (CREATE INDEX CONCURRENTLY releases its lock when it ends) as well as the ones held
  until the transaction ends. It also watches the probes' backends in ``pg_stat_activity`` to
  know which probes were waiting for a lock (not merely slow on a busy machine).
* :class:`Probes` play the application: per table, one connection reads
  (``SELECT 1 FROM t LIMIT 1``) and one writes (``LOCK TABLE t IN ROW EXCLUSIVE MODE`` in a
  rolled-back transaction, sent as one round trip: the lock every INSERT/UPDATE/DELETE takes,
  without changing data), again and again.
* :class:`Pace` sets how often both look: every few milliseconds as a statement begins (when
  it takes its locks), a few times less often otherwise.
* :func:`relation_snapshot` reads ``pg_class.relfilenode`` on the migration's own connection
  (inside its transaction, where a rewrite is already visible): a changed relfilenode is a
  rewritten table, a new index relation an index built.
"""

from __future__ import annotations

import bisect
import contextlib
import threading
import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import psycopg
from psycopg import sql

# Relations of these kinds are reported as tables ("r" table, "p" partitioned, "m" matview).
TABLE_KINDS = ("r", "p", "m")
# pg_locks modes that make a write (ROW EXCLUSIVE) or a read (ACCESS SHARE) wait.
BLOCKING_MODES = frozenset(
    {"ShareLock", "ShareRowExclusiveLock", "ExclusiveLock", "AccessExclusiveLock"}
)
MAX_LATE_PROBED_TABLES = 20
"""Tables probed because the migration was seen locking them (lint did not name them): two
connections each, so the number is capped."""
_USER_RELATIONS = """
    c.relnamespace NOT IN (
        SELECT oid FROM pg_namespace
        WHERE nspname IN ('pg_catalog', 'information_schema') OR nspname LIKE 'pg_toast%%'
    )
"""
# A relation's name as lint writes it: unquoted ("user", "Orders" are user and Orders, as
# c.oid::regclass::text would not have them), schema-qualified only where the search path does
# not find it.
_RELATION_NAME = """
    CASE WHEN pg_table_is_visible(c.oid) THEN c.relname::text
         ELSE (SELECT nspname FROM pg_namespace WHERE oid = c.relnamespace) || '.' || c.relname
    END
"""


@dataclass(slots=True)
class HeldLock:
    table: str
    mode: str  # pg_locks.mode, e.g. "AccessExclusiveLock"
    statement: int  # index of the statement during (or after) which it was first seen
    acquired: float  # perf_counter seconds
    released: float | None = None
    last_seen: float = 0.0
    oid: int = 0

    def held_ms(self, now: float, releases: Sequence[float] = ()) -> float:
        """From when it was taken until it was let go of; ``releases`` (sorted) are the
        moments the migration let go of all its locks (a commit, the end of a statement
        outside a transaction): the first one after the lock was last seen ends it, however
        late the monitor noticed."""
        end = self.released or now
        after_seen = bisect.bisect_right(releases, self.last_seen)
        if after_seen < len(releases):
            end = min(end, releases[after_seen])
        return max(end - self.acquired, 0.0) * 1000


@dataclass(slots=True)
class ProbeSample:
    kind: str  # "read" | "write"
    table: str
    start: float
    end: float | None = None
    lock_wait: bool = False
    error: str | None = None


class Pace:
    """How often the probes sample: every ``interval`` in the first moments of a statement,
    when it takes its locks, and :data:`CALM_FACTOR` times less often otherwise.

    The migration takes new locks only while one of its statements runs, nearly always as the
    statement begins; a probe that is blocked costs nothing, but one that is not runs a query
    each time, and the probes and the monitor compete for the CPU with the migration they
    measure. So all of them are woken when a statement begins and look often for
    :data:`FAST_SECONDS`, then calmly: a lock taken later in a statement is noticed at most
    ``interval * CALM_FACTOR`` late (by that much ``blocked_ms`` may fall short), at a quarter
    of the cost. (When locks are let go of is known exactly: see ``releases``.)
    """

    FAST_SECONDS = 0.25
    CALM_FACTOR = 4

    def __init__(self, interval: float, calm_factor: float = CALM_FACTOR) -> None:
        self.interval = interval
        self.calm_factor = calm_factor
        self._statement_started: float | None = None
        self._wakers: list[threading.Event] = []

    def waker(self) -> threading.Event:
        event = threading.Event()
        self._wakers.append(event)
        return event

    def statement_started(self) -> None:
        self._statement_started = time.perf_counter()
        for event in self._wakers:
            event.set()

    def next_wait(self, now: float) -> float:
        started = self._statement_started
        if started is not None and now - started < self.FAST_SECONDS:
            return self.interval
        return self.interval * self.calm_factor


class LockMonitor:
    """Polls the migration backend's relation locks and the probes' lock waits."""

    def __init__(
        self,
        conninfo: str,
        migration_pid: int,
        pace: Pace | float,
        existing: set[int],
        on_blocking_lock: Callable[[int, str, str], None] | None = None,
    ) -> None:
        """``pace``: shared with the probes, or a fixed interval in seconds.

        ``on_blocking_lock(oid, schema, table)`` is called (from the monitor's thread, without
        its lock held) the first time the migration is seen holding a lock that blocks reads or
        writes on an existing table: the probes then start on a table that lint could not name
        (a DO block, a function, SQL built at run time)."""
        self.migration_pid = migration_pid
        self.on_blocking_lock = on_blocking_lock
        self._announced: set[int] = set()
        # Only tables that existed before the run: locks on tables the run creates are not
        # contention (and are invisible to this connection until commit anyway).
        self.existing = existing
        self.pace = pace if isinstance(pace, Pace) else Pace(pace, calm_factor=1)
        self.locks: list[HeldLock] = []
        self.error: str | None = None  # why polling stopped early, if it did
        # Keyed by (oid, mode): a table renamed while locked is still the same lock (its name
        # as first seen is kept; a poll racing the commit may already resolve the new name).
        self._open: dict[tuple[int, str], HeldLock] = {}
        self._statement = -1
        self._statement_started = time.perf_counter()
        self._probe_pids: dict[int, Probe] = {}
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._wake = self.pace.waker()
        self._last_poll = time.perf_counter()
        self._connection = psycopg.connect(
            conninfo, autocommit=True, application_name="migcheck monitor"
        )
        self._thread = threading.Thread(target=self._run, name="migcheck-lock-monitor", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def watch_probes(self, probes: Iterable[Probe]) -> None:
        with self._lock:
            for probe in probes:
                if probe.pid is not None:
                    self._probe_pids[probe.pid] = probe

    def statement_started(self, index: int, *, wake: bool = True) -> None:
        """Statement ``index`` begins. ``wake``: wake the monitor and the probes (sharing the
        pace) to look often for a while; not for a statement that can take no new lock."""
        with self._lock:
            self._statement = index
            self._statement_started = time.perf_counter()
        if wake:
            self.pace.statement_started()

    def name_locks(self, statement: int, relations: Mapping[int, Relation]) -> None:
        """Name the locks first seen at ``statement`` as ``relations`` (the migration's own
        view when it began) names their tables. This connection sees only what is committed:
        after ``ALTER TABLE volume_types RENAME TO share_types`` in the migration's
        transaction, its next statements lock "share_types", which is "volume_types" here
        until the commit (manila's 38e632621e5a: two mismatches with lint, which was right)."""
        with self._lock:
            for held in reversed(self.locks):
                if held.statement < statement:
                    break
                relation = relations.get(held.oid)
                if held.statement == statement and relation is not None:
                    held.table = relation.name

    def sample(self) -> None:
        """Poll once now (after a statement: catches locks a short statement still holds)."""
        with self._lock:
            blocking = self._poll()
        self._announce(blocking)

    def _run(self) -> None:
        while not self._stop.is_set():
            self._wake.wait(self.pace.next_wait(time.perf_counter()))
            self._wake.clear()
            if self._stop.is_set():
                return
            with self._lock:
                try:
                    blocking = self._poll()
                except psycopg.Error as exc:
                    # Say so in the report rather than silently recording no more locks.
                    self.error = str(exc).strip().splitlines()[0] if str(exc).strip() else repr(exc)
                    return
            self._announce(blocking)

    def _announce(self, blocking: list[tuple[int, str, str]]) -> None:
        for oid, schema, name in blocking:
            if oid not in self._announced and self.on_blocking_lock is not None:
                self._announced.add(oid)
                self.on_blocking_lock(oid, schema, name)

    def _poll(self) -> list[tuple[int, str, str]]:
        """Record what is held now; returns the existing tables held in a mode that blocks
        reads or writes, as (oid, schema, name)."""
        now = time.perf_counter()
        pids = list(self._probe_pids)
        rows = self._connection.execute(
            f"""
            SELECT 'lock', {_RELATION_NAME}, l.mode, c.oid::int, n.nspname::text,
                   c.relname::text
              FROM pg_locks l JOIN pg_class c ON c.oid = l.relation
              JOIN pg_namespace n ON n.oid = c.relnamespace
             WHERE l.pid = %s AND l.locktype = 'relation' AND l.granted
               AND c.relkind IN ('r', 'p', 'm') AND {_USER_RELATIONS}
            UNION ALL
            SELECT 'wait', '', '', a.pid, '', '' FROM pg_stat_activity a
             WHERE a.pid = ANY(%s) AND a.wait_event_type = 'Lock'
            """,
            (self.migration_pid, pids),
        ).fetchall()
        seen: set[tuple[int, str]] = set()
        blocking: list[tuple[int, str, str]] = []
        for kind, table, mode, number, schema, name in rows:  # number: oid, or a probe's pid
            if kind == "wait":
                probe = self._probe_pids.get(number)
                if probe is not None and probe.current is not None:
                    probe.current.lock_wait = True
                continue
            if number not in self.existing or table == "alembic_version":
                continue
            if mode in BLOCKING_MODES:
                blocking.append((number, schema, name))
            key = (number, mode)
            seen.add(key)
            held = self._open.get(key)
            if held is None:
                # Taken since the last poll (or since the statement began, if later).
                held = HeldLock(
                    table=table,
                    mode=mode,
                    statement=self._statement,
                    acquired=max(self._statement_started, self._last_poll),
                    oid=number,
                )
                self._open[key] = held
                self.locks.append(held)
            held.last_seen = now
        for key in [k for k in self._open if k not in seen]:
            self._open.pop(key).released = now
        self._last_poll = now
        return blocking

    def stop(self) -> None:
        self._stop.set()
        self._wake.set()
        if self._thread.ident is not None:  # started
            self._thread.join(timeout=5)
        with contextlib.suppress(psycopg.Error), self._lock:
            self._poll()
        now = time.perf_counter()
        for held in self._open.values():
            held.released = now
        self._open.clear()
        self._connection.close()


class Probe:
    """One connection playing the application on one table: reads or writes, in a loop."""

    def __init__(
        self,
        conninfo: str,
        table: str,
        kind: str,
        pace: Pace,
        target: sql.Composable | None = None,
    ) -> None:
        """``target``: the table as SQL, when ``table`` (its display name) cannot be split."""
        self.table = table
        self.kind = kind
        self.pace = pace
        self.samples: list[ProbeSample] = []
        self.current: ProbeSample | None = None
        self._stop = threading.Event()
        self._wake = pace.waker()
        self._connection = psycopg.connect(
            conninfo, autocommit=True, application_name=f"migcheck {kind} probe"
        )
        self.pid: int | None = self._connection.info.backend_pid
        if target is None:
            target = sql.Identifier(*table.split(".")) if "." in table else sql.Identifier(table)
        # The probes compete for the CPU with the migration they measure, so each sample is
        # one round trip: the read a prepared statement (no parsing and planning every few
        # milliseconds), the write a multi-statement simple query (three would cost three).
        if kind == "read":
            self._statement = sql.SQL("SELECT 1 FROM {} LIMIT 1").format(target)
            self._prepare = True
        else:
            self._statement = sql.SQL(
                "BEGIN; LOCK TABLE {} IN ROW EXCLUSIVE MODE; ROLLBACK"
            ).format(target)
            self._prepare = False
        self._thread = threading.Thread(
            target=self._run, name=f"migcheck-probe-{kind}-{table}", daemon=True
        )

    def start(self) -> None:
        self._thread.start()

    def oids(self, tables: Sequence[str]) -> set[int]:
        """The oids of ``tables`` (names as lint gives them); before :meth:`start` only."""
        row = self._connection.execute(
            "SELECT array_agg(to_regclass(t)::oid::int) FROM unnest(%s::text[]) t", (list(tables),)
        ).fetchone()
        return {oid for oid in (row[0] if row and row[0] else []) if oid}

    def _run(self) -> None:
        while not self._stop.is_set():
            sample = ProbeSample(kind=self.kind, table=self.table, start=time.perf_counter())
            self.current = sample
            try:
                self._connection.execute(self._statement, prepare=self._prepare)
            except psycopg.Error as exc:
                sample.error = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
                with contextlib.suppress(psycopg.Error):
                    self._connection.execute("ROLLBACK")
            sample.end = time.perf_counter()
            self.current = None
            self.samples.append(sample)
            wait = self.pace.next_wait(sample.end)
            if sample.error is not None:
                # The table is gone or renamed: look again later, without flooding the log.
                wait = max(wait, 0.05)
            self._wake.wait(wait)
            self._wake.clear()

    def stop(self) -> None:
        self._stop.set()
        self._wake.set()

    def close(self) -> None:
        if self._thread.ident is not None:  # started
            self._thread.join(timeout=2)
        if self._thread.is_alive():
            # Still blocked behind the migration's lock: cancel the query, then close.
            with contextlib.suppress(Exception):
                self._connection.cancel_safe(timeout=2)
            self._thread.join(timeout=2)
        with contextlib.suppress(Exception):
            self._connection.close()


@dataclass
class Probes:
    """Readers and writers on every table the revisions under test touch: the ones lint named,
    from the start, and any other the migration is seen locking in a blocking mode, from then
    on (:meth:`add_later`)."""

    conninfo: str
    tables: list[str]
    pace: Pace
    probes: list[Probe] = field(default_factory=list)
    on_started: Callable[[list[Probe]], None] | None = None
    """Told of probes added late (the lock monitor watches their waits)."""
    _probed: set[int] = field(default_factory=set)
    _late: int = 0
    _stopped: bool = False
    _lock: threading.Lock = field(default_factory=threading.Lock)
    _starting: list[threading.Thread] = field(default_factory=list)

    def start(self) -> None:
        for table in self.tables:
            for kind in ("read", "write"):
                self.probes.append(Probe(self.conninfo, table, kind, self.pace))
        if self.probes:  # which tables these are, so that none is probed twice
            self._probed.update(self.probes[0].oids(self.tables))
        for probe in self.probes:
            probe.start()

    def add_later(self, oid: int, schema: str, name: str) -> None:
        """Start probing a table the migration was just seen locking (connecting takes a few
        milliseconds: done on a thread of its own, so the monitor keeps polling)."""
        with self._lock:
            if self._stopped or oid in self._probed or self._late >= MAX_LATE_PROBED_TABLES:
                return
            self._probed.add(oid)
            self._late += 1
            thread = threading.Thread(
                target=self._start_late,
                args=(schema, name),
                name=f"migcheck-probe-start-{name}",
                daemon=True,
            )
            self._starting.append(thread)
            thread.start()  # under the lock: stop() joins only threads that have started

    def _start_late(self, schema: str, name: str) -> None:
        target = sql.Identifier(schema, name)
        display = name if schema == "public" else f"{schema}.{name}"
        started: list[Probe] = []
        try:
            for kind in ("read", "write"):
                started.append(Probe(self.conninfo, display, kind, self.pace, target=target))
        except psycopg.Error:
            pass  # out of connections: this table goes unprobed, as before
        with self._lock:
            if self._stopped:
                for probe in started:
                    probe.close()
                return
            for probe in started:
                self.probes.append(probe)
                probe.start()
        if started and self.on_started is not None:
            self.on_started(started)

    def stop(self) -> None:
        with self._lock:
            self._stopped = True
            starting = list(self._starting)
        for thread in starting:
            thread.join(timeout=5)
        probes = list(self.probes)
        for probe in probes:
            probe.stop()
        for probe in probes:
            probe.close()

    def waits(
        self,
        start: float,
        end: float,
        now: float,
        releases: Sequence[float] = (),
        *,
        since: float | None = None,
    ) -> StatementWaits:
        """What the reads and writes went through during the statement that ran in
        [start, end] (see :class:`StatementWaits`); a query that began in the gap before it,
        after the previous statement ended at ``since``, counts as beginning in it.

        ``releases`` (sorted) are the moments the migration let go of its locks (a commit, the
        end of a statement outside a transaction): a wait ends there at the latest, although
        the probe's thread may only notice a little later, when the next statement has begun
        (which must not be charged with it)."""
        waits = StatementWaits()
        tables: set[str] = set()
        for probe in list(self.probes):
            for sample in [*probe.samples, *([probe.current] if probe.current else [])]:
                if not sample.lock_wait:
                    continue
                waited_until = sample.end or now
                after_start = bisect.bisect_right(releases, sample.start)
                if after_start < len(releases):
                    waited_until = min(waited_until, releases[after_start])
                overlap = min(waited_until, end) - max(sample.start, start)
                if overlap > 0:
                    share = waits.blocked_ms
                    share[sample.kind] = max(share[sample.kind], overlap * 1000)
                    if overlap >= 0.001:
                        tables.add(sample.table)
                if (start if since is None else min(since, start)) <= sample.start < end:
                    whole = (waited_until - sample.start) * 1000
                    waits.waited_ms[sample.kind] = max(waits.waited_ms[sample.kind], whole)
        waits.tables = sorted(tables)
        return waits


@dataclass
class StatementWaits:
    """Lock waits of the probes' reads and writes, by kind, for one statement."""

    blocked_ms: dict[str, float] = field(default_factory=lambda: {"read": 0.0, "write": 0.0})
    """This statement's share: the longest overlap of a waiting probe with its run."""
    waited_ms: dict[str, float] = field(default_factory=lambda: {"read": 0.0, "write": 0.0})
    """The longest wait, whole, of a query that began during the statement: one that arrives
    while a lock is held waits until the transaction lets go of it, over however many
    statements that takes. Each wait counts once, at the statement during which it began
    (or, begun in the gap before a statement, at that statement)."""
    tables: list[str] = field(default_factory=list)
    """The tables whose probes waited a millisecond or more during the statement."""


# --------------------------------------------------------------------------- relations


@dataclass(frozen=True, slots=True)
class Relation:
    name: str
    kind: str
    filenode: int


def relation_snapshot(cursor: Any) -> dict[int, Relation]:
    """oid -> relation, for user tables and indexes (on the migration's own connection)."""
    cursor.execute(
        f"""
        SELECT c.oid, {_RELATION_NAME}, c.relkind, c.relfilenode
          FROM pg_class c
         WHERE c.relkind IN ('r', 'p', 'm', 'i') AND {_USER_RELATIONS}
        """
    )
    return {oid: Relation(name, kind, filenode) for oid, name, kind, filenode in cursor.fetchall()}


def rewritten(
    before: dict[int, Relation], after: dict[int, Relation]
) -> tuple[list[str], list[str]]:
    """(tables rewritten, indexes built) between two snapshots."""
    tables: list[str] = []
    indexes: list[str] = []
    for oid, relation in after.items():
        old = before.get(oid)
        if relation.kind == "i":
            if old is None or old.filenode != relation.filenode:
                indexes.append(relation.name)
        elif old is not None and relation.filenode not in (old.filenode, 0):  # 0: partitioned
            tables.append(relation.name)
    return sorted(tables), sorted(indexes)
