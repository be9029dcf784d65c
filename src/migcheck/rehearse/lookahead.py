"""What the revisions under test will ask of the rows that the seed makes before them.

A seeded table stands in for production's, whose rows already meet what the next deploy
assumes of them: its author added a foreign key because every row has a parent, SET NOT NULL
because no row holds a NULL, a unique index because no two rows agree. Seeded rows that do not
meet those assumptions make the rehearsal fail on data production does not have, and measure
nothing after. Lint's reading of the revisions under test says which assumptions they make;
the seed meets them (and the report says where it did so):

- a foreign key they add: its columns take their parents' keys;
- a column they make NOT NULL: no NULLs there;
- columns they make unique: distinct values there;
- a column they convert to an enum (``ALTER COLUMN ... TYPE status USING status::status``):
  that enum's labels there, not words the new type cannot read.

Unless a revision under test changes those rows (an UPDATE of the column, a DELETE or a MERGE
on the table; usually before, as a backfill or a clean-up, which must find rows to work on, as
it would in production). Production's own share of NULLs, from ``--rows-from``, still wins over
"no NULLs": if production holds NULLs, the revision fails there, and here too.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from migcheck.analysis.facts import (
    Action,
    AddConstraint,
    AlterColumnType,
    ConstraintKind,
    CreateEnum,
    CreateIndex,
    Dml,
    SetNotNull,
)
from migcheck.analysis.names import bare
from migcheck.lint import LintResult
from migcheck.model import Revision, Statement
from migcheck.rehearse.seed.plan import PlannedForeignKey

_IS_NOT_NULL = re.compile(r'^\(*\s*"?(\w+)"?\s+IS\s+NOT\s+NULL\s*\)*$', re.IGNORECASE)


@dataclass(frozen=True)
class PlannedColumns:
    """Columns of ``table`` (as lint names it: ``"orders"`` or ``"billing.orders"``) that the
    revision ``revision`` makes NOT NULL, or unique together, at ``line``."""

    table: str
    columns: tuple[str, ...]
    revision: str
    line: int


@dataclass(frozen=True)
class PlannedLabels:
    """A column of ``table`` that revision ``revision`` converts, at ``line``, to the enum
    ``type_name`` whose labels are ``labels``."""

    table: str
    column: str
    type_name: str
    labels: tuple[str, ...]
    revision: str
    line: int

    @property
    def check(self) -> str:
        """The labels as the CHECK the seed reads (PostgreSQL's own form of an IN list)."""
        items = ", ".join("'" + label.replace("'", "''") + "'::text" for label in self.labels)
        quoted = '"' + self.column.replace('"', '""') + '"'
        return f"({quoted})::text = ANY (ARRAY[{items}])"


@dataclass
class Lookahead:
    foreign_keys: list[PlannedForeignKey] = field(default_factory=list)
    not_null: list[PlannedColumns] = field(default_factory=list)
    unique: list[PlannedColumns] = field(default_factory=list)
    labels: list[PlannedLabels] = field(default_factory=list)


def look_ahead(predicted: LintResult, revisions: Sequence[Revision]) -> Lookahead:
    """What ``revisions`` (those under test) assume of the rows of the tables before them."""
    files = {r.file: r.id for r in revisions}
    found = Lookahead()
    # Every enum the project creates, the revisions before those under test included.
    enums = {
        bare(action.type_name).lower(): (action.type_name, action.labels)
        for analyzed in predicted.analyzed
        for action in analyzed.facts.actions
        if isinstance(action, CreateEnum) and action.labels
    }
    # (table, column) an UPDATE sets; (table, "") for a DELETE, a MERGE or an UPDATE whose
    # columns are not known: the whole table may be cleaned up.
    changed: set[tuple[str, str]] = set()
    for analyzed in predicted.analyzed:
        statement = analyzed.statement
        if statement.file not in files:
            continue
        revision = statement.revision or files[statement.file]
        for action in analyzed.facts.actions:
            if not action.table:
                continue
            if isinstance(action, Dml) and action.verb in ("update", "delete", "merge"):
                written = action.columns if action.verb == "update" else ()
                changed.update((bare(action.table), c) for c in written or ("",))
            foreign_key = _foreign_key(action)
            if foreign_key is not None:
                found.foreign_keys.append(foreign_key)
            for column in _made_not_null(action):
                found.not_null.append(_planned(action, (column,), revision, statement))
            unique = _made_unique(action)
            if unique:
                found.unique.append(_planned(action, unique, revision, statement))
            enum = _converted_to(action, enums)
            if enum is not None and isinstance(action, AlterColumnType):
                found.labels.append(
                    PlannedLabels(action.table, action.column, *enum, revision, statement.line)
                )

    def untouched(planned: PlannedColumns) -> bool:
        table = bare(planned.table)
        return not {(table, ""), *((table, c) for c in planned.columns)} & changed

    found.not_null = _first_each([p for p in found.not_null if untouched(p)])
    found.unique = _first_each([p for p in found.unique if untouched(p)])
    first: dict[tuple[str, str], PlannedLabels] = {}
    for planned in found.labels:
        columns = PlannedColumns(planned.table, (planned.column,), "", 0)
        if untouched(columns):
            first.setdefault((planned.table, planned.column), planned)
    found.labels = list(first.values())
    return found


def _planned(
    action: Action, columns: tuple[str, ...], revision: str, statement: Statement
) -> PlannedColumns:
    assert action.table is not None
    return PlannedColumns(action.table, columns, revision, statement.line)


def _first_each(planned: list[PlannedColumns]) -> list[PlannedColumns]:
    """One entry per table and columns: the first revision that asks."""
    seen: dict[tuple[str, tuple[str, ...]], PlannedColumns] = {}
    for item in planned:
        seen.setdefault((item.table, item.columns), item)
    return list(seen.values())


def _foreign_key(action: Action) -> PlannedForeignKey | None:
    if (
        isinstance(action, AddConstraint)
        and action.kind is ConstraintKind.FOREIGN_KEY
        and action.table
        and action.references
        and action.columns
    ):
        return PlannedForeignKey(
            table=action.table,
            columns=tuple(action.columns),
            ref_table=action.references,
            ref_columns=tuple(action.ref_columns),
        )
    return None


def _made_not_null(action: Action) -> tuple[str, ...]:
    """SET NOT NULL, a primary key (its columns become NOT NULL), a NOT NULL constraint
    (PostgreSQL 18) and ``CHECK (col IS NOT NULL)``, the way to SET NOT NULL without a long
    ACCESS EXCLUSIVE scan."""
    if isinstance(action, SetNotNull):
        return (action.column,)
    if isinstance(action, AddConstraint):
        if action.kind in (ConstraintKind.PRIMARY_KEY, ConstraintKind.NOT_NULL):
            return action.columns
        if action.kind is ConstraintKind.CHECK:
            match = _IS_NOT_NULL.match((action.check or "").strip())
            return (match.group(1),) if match else ()
    return ()


def _converted_to(
    action: Action, enums: dict[str, tuple[str, tuple[str, ...]]]
) -> tuple[str, tuple[str, ...]] | None:
    """The enum (name, labels) an ALTER COLUMN ... TYPE converts a column to, if it is one the
    project creates; arrays of it aside."""
    if not isinstance(action, AlterColumnType) or action.new_type.endswith("]"):
        return None
    return enums.get(bare(action.new_type.strip('"')).lower())


def _made_unique(action: Action) -> tuple[str, ...]:
    """A unique index (partial ones too: distinct everywhere is distinct where it applies),
    a UNIQUE or PRIMARY KEY constraint. ``USING INDEX`` adds nothing: the index came first."""
    if isinstance(action, CreateIndex) and action.unique and not action.only:
        return action.columns
    if (
        isinstance(action, AddConstraint)
        and action.kind in (ConstraintKind.UNIQUE, ConstraintKind.PRIMARY_KEY)
        and not action.using_index
    ):
        return action.columns
    return ()
