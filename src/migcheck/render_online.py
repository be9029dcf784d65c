"""The lint's database fallback: render a revision that reads the database on a throwaway one.

Some revisions ask the database questions (``op.get_bind().execute(SELECT ...)``,
``sa.inspect(bind)``) and build their statements from the answers; offline there is no answer.
For those, migcheck starts one embedded PostgreSQL per lint run (only when a revision needs it),
applies the history before the revision (schema only: the tables are empty), then runs the
revision inside a transaction that is rolled back, recording every statement it sends.
Statements inside ``autocommit_block()`` are recorded but not executed, so nothing escapes the
rollback.
"""

from __future__ import annotations

import contextlib
from collections.abc import Sequence
from typing import Any

import sqlalchemy as sa
from sqlalchemy import exc as sa_exc
from sqlalchemy import event

from migcheck.analysis.facts import Kind
from migcheck.analysis.parse import analyze
from migcheck.errors import MigcheckError
from migcheck.model import Revision, Unit
from migcheck.online import OnlineRunner
from migcheck.project import AlembicProject
from migcheck.render import Loader


class DatabaseFallback:
    """One throwaway server for the whole lint run, advanced revision by revision."""

    def __init__(self, project: AlembicProject, loader: Loader) -> None:
        self.project = project
        self.loader = loader
        self._stack = contextlib.ExitStack()
        self._engine: sa.Engine | None = None
        self._applied: set[str] = set()
        self._broken: str | None = None

    def _connect(self) -> sa.Connection:
        if self._engine is None:
            from migcheck.rehearse.backends import open_database

            database = self._stack.enter_context(open_database("embedded"))
            self._engine = sa.create_engine(database.url, poolclass=sa.pool.NullPool)
            self._stack.callback(self._engine.dispose)
        return self._engine.connect()

    def render(self, revision: Revision, before: Sequence[str]) -> Unit | None:
        """The revision rendered online, or None when that is not possible either."""
        if self._broken is not None:
            return None
        try:
            with self._connect() as connection:
                runner = OnlineRunner(connection, self.loader, self.project.ini_file)
                try:
                    pending = [
                        self.project.history.revisions[rid]
                        for rid in before
                        if rid not in self._applied
                    ]
                    if pending:
                        applied = runner.run(pending)
                        for result in applied:
                            if result.error is None and result.unit.revision is not None:
                                self._applied.add(result.unit.revision.id)
                        if len(applied) != len(pending) or any(a.error for a in applied):
                            self._broken = "an earlier revision failed on the throwaway database"
                            return None
                    return self._render_rolled_back(connection, runner, revision)
                finally:
                    runner.close()
        except MigcheckError as exc:
            self._broken = str(exc)
            return None
        except sa_exc.SQLAlchemyError as exc:
            self._broken = str(exc).splitlines()[0]
            return None

    def _render_rolled_back(
        self, connection: sa.Connection, runner: OnlineRunner, revision: Revision
    ) -> Unit | None:
        def skip_autocommit(
            conn: Any, cursor: Any, statement: str, parameters: Any, context: Any, many: bool
        ) -> tuple[str, Any]:
            recorder = runner._recorder
            if recorder is not None and recorder.in_autocommit and not runner._internal:
                return "SELECT 1", {}
            return statement, parameters

        event.listen(connection, "before_cursor_execute", skip_autocommit, retval=True)
        try:
            runner.rollback_only = True
            results = runner.run([revision])
        finally:
            runner.rollback_only = False
            event.remove(connection, "before_cursor_execute", skip_autocommit)
        if not results:
            return None
        unit = results[0].unit
        if unit.problem is not None:
            unit.problem.needs_database = False
        unit.statements = [s for s in unit.statements if analyze(s.sql).kind is not Kind.QUERY]
        return unit

    def close(self) -> None:
        self._stack.close()
