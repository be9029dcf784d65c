"""The plain data that flows through migcheck: source -> statements -> findings.

Nothing here imports SQLAlchemy, Alembic or a database driver: these types are shared by the
offline linter, the rehearsal and the report writers, and they are cached to disk (pickle).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path


class Severity(StrEnum):
    """How bad a finding is. ``--fail-on`` compares against :attr:`rank`."""

    INFO = "info"
    WARNING = "warning"
    ERROR = "error"

    @property
    def rank(self) -> int:
        return _SEVERITY_RANK[self]


_SEVERITY_RANK = {Severity.INFO: 0, Severity.WARNING: 1, Severity.ERROR: 2}


@dataclass(frozen=True, slots=True)
class Revision:
    """One Alembic revision file, read from its syntax tree (never imported to build the graph)."""

    id: str
    file: Path
    down_revisions: tuple[str, ...] = ()
    branch_labels: tuple[str, ...] = ()
    depends_on: tuple[str, ...] = ()
    message: str = ""
    down_revision_line: int = 1
    """Where ``down_revision = ...`` is written: findings about the history point at it."""
    digest: str = field(default="", compare=False)
    """SHA-256 of the file as read for the history: the render cache's key, without reading
    the file a second time."""

    @property
    def is_merge(self) -> bool:
        return len(self.down_revisions) > 1

    @property
    def short(self) -> str:
        return self.id[:12]


OpValue = str | int | float | bool | None


@dataclass(slots=True)
class Statement:
    """One SQL statement, with where it came from.

    ``line`` is the line of the Alembic operation call in the revision file (or of the statement
    in a ``.sql`` file). ``op`` and ``op_args`` describe the Alembic operation object behind the
    statement (``"AlterColumnOp"``, ``{"existing_type": "INTEGER", ...}``) so rules can use what
    the SQL text does not carry. ``segment`` numbers the transaction segments inside one unit:
    it changes at every ``autocommit_block()`` boundary or explicit BEGIN/COMMIT.
    """

    sql: str
    file: Path
    line: int
    revision: str | None = None
    op: str | None = None
    op_args: Mapping[str, OpValue] = field(default_factory=dict)
    in_transaction: bool = True
    approximate: bool = False
    end_line: int | None = None

    @property
    def last_line(self) -> int:
        return self.end_line if self.end_line is not None else self.line


@dataclass(slots=True)
class RenderProblem:
    """Why a unit could not be (fully) rendered. Statements before the failure are kept."""

    message: str
    line: int | None = None
    # The revision reads from the database (op.get_bind() queries, sa.inspect(bind)): it can
    # be rendered online against a throwaway server instead.
    needs_database: bool = False
    # It took longer than the render time limit (a loop that never ends, a sleep, a blocking
    # call): not retried elsewhere, it would only hang there too.
    timed_out: bool = False


# Listed with a unit's stand-ins: rendered on the throwaway database because it reads the
# application's rows, which that database does not have (what it does per row is not seen).
ROWS_UNSEEN = "the rows it reads"


@dataclass(slots=True)
class Unit:
    """What the linter walks: one Alembic revision, or one ``.sql`` file.

    ``standins`` names the imports that were replaced by permissive stand-ins to render it
    (the SQL that depends on them is approximate). ``online`` is true when the unit was rendered
    against a throwaway database because it reads from the connection.
    """

    file: Path
    statements: list[Statement]
    revision: Revision | None = None
    problem: RenderProblem | None = None
    standins: tuple[str, ...] = ()
    online: bool = False
    # For .sql files: every statement commits on its own unless inside BEGIN ... COMMIT.
    autocommit_by_default: bool = False
    # (file, SHA-256) of the project's own modules loaded when it was rendered: a cached render
    # is stale when one of them changed (see migcheck.cache).
    depends_on: tuple[tuple[str, str], ...] = ()

    @property
    def label(self) -> str:
        if self.revision is not None:
            return f"revision {self.revision.id} ({self.file.name})"
        return str(self.file)


@dataclass(frozen=True, slots=True)
class Finding:
    """One problem found. ``line`` points at the operation call (or the SQL statement)."""

    rule: str
    severity: Severity
    message: str
    file: Path | None = None
    line: int | None = None
    revision: str | None = None
    statement: str | None = None
    fix: str | None = None

    def sort_key(self) -> tuple[str, int, str]:
        return (str(self.file or ""), self.line or 0, self.rule)
