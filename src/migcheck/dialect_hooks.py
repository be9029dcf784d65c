"""Watching what a SQLAlchemy engine's connections send, from its dialect.

SQLAlchemy's events would tell the same (``before_cursor_execute``, ``after_cursor_execute``,
``handle_error``, ``commit``, ``rollback``), but a connection or engine with any of those
listeners takes SQLAlchemy's slower path for every statement from then on (its ``_has_events``
is never reset): about 20 us a statement on this machine, 0.4 s of a data migration's 20,000
single-row UPDATEs, more than everything else the rehearsal's instruments cost per statement.

So :func:`watch` wraps the methods through which SQLAlchemy hands statements, commits and
rollbacks to the driver: ``do_execute``, ``do_executemany``, ``do_execute_no_params``,
``do_commit`` and ``do_rollback`` of the engine's own dialect (each engine has one). The
:class:`Watcher` sees what the cursor events would have shown, at no cost to SQLAlchemy; the
function :func:`watch` returns puts the dialect back. What the dialect itself sends on a raw
cursor (``SHOW TRANSACTION ISOLATION LEVEL`` for ``get_isolation_level()``) is not shown, as
the events did not show it. One watcher per engine at a time.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Protocol

import sqlalchemy as sa


class Watcher(Protocol):
    def send(
        self, context: Any, cursor: Any, statement: str, parameters: Any, many: bool, run: Run
    ) -> None:
        """``run()`` hands ``statement`` to the driver on ``cursor`` (``context``: SQLAlchemy's
        execution context, ``context.root_connection`` the connection sending it)."""
        ...

    def end(self, dbapi_connection: Any, verb: str, finish: Run) -> None:
        """``finish()`` commits (``verb`` "COMMIT") or rolls back ``dbapi_connection``."""
        ...


Run = Callable[[], None]


def watch(engine: sa.Engine, watcher: Watcher) -> Run:
    """Route every statement, commit and rollback of ``engine`` through ``watcher``; returns the
    function that stops it."""
    dialect = engine.dialect
    do_execute = dialect.do_execute
    do_executemany = dialect.do_executemany
    do_execute_no_params = dialect.do_execute_no_params
    do_commit, do_rollback = dialect.do_commit, dialect.do_rollback

    def execute(cursor: Any, statement: str, parameters: Any, context: Any = None) -> None:
        watcher.send(
            context,
            cursor,
            statement,
            parameters,
            False,
            lambda: do_execute(cursor, statement, parameters, context),
        )

    def executemany(cursor: Any, statement: str, parameters: Any, context: Any = None) -> None:
        watcher.send(
            context,
            cursor,
            statement,
            parameters,
            True,
            lambda: do_executemany(cursor, statement, parameters, context),
        )

    def execute_no_params(cursor: Any, statement: str, context: Any = None) -> None:
        watcher.send(
            context,
            cursor,
            statement,
            None,
            False,
            lambda: do_execute_no_params(cursor, statement, context),
        )

    def commit(dbapi_connection: Any) -> None:
        watcher.end(dbapi_connection, "COMMIT", lambda: do_commit(dbapi_connection))

    def rollback(dbapi_connection: Any) -> None:
        watcher.end(dbapi_connection, "ROLLBACK", lambda: do_rollback(dbapi_connection))

    wrappers = {
        "do_execute": execute,
        "do_executemany": executemany,
        "do_execute_no_params": execute_no_params,
        "do_commit": commit,
        "do_rollback": rollback,
    }
    # Instance attributes: this engine's dialect only, not the class every engine shares.
    saved = {name: vars(dialect).get(name) for name in wrappers}
    for name, wrapper in wrappers.items():
        setattr(dialect, name, wrapper)

    def stop() -> None:
        for name, before in saved.items():
            if before is None:
                vars(dialect).pop(name, None)
            else:
                setattr(dialect, name, before)

    return stop
