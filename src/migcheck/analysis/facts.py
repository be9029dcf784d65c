"""What a statement does, as plain data: the actions it performs and the table locks they take.

A statement is parsed once into :class:`Facts` (a list of :class:`Action` objects, like Alembic's
own ``ops``: plain data, no behaviour). Whether an action is a hazard depends on things the SQL
does not say (is the table new? how large? what was the column's old type?): the rules decide
that, with the schema model.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import IntEnum, StrEnum
from typing import TypeVar


class LockMode(IntEnum):
    """PostgreSQL's table-level lock modes, weakest to strongest ("Explicit Locking", 13.3.1)."""

    ACCESS_SHARE = 1
    ROW_SHARE = 2
    ROW_EXCLUSIVE = 3
    SHARE_UPDATE_EXCLUSIVE = 4
    SHARE = 5
    SHARE_ROW_EXCLUSIVE = 6
    EXCLUSIVE = 7
    ACCESS_EXCLUSIVE = 8

    @property
    def pg_name(self) -> str:
        """The name ``pg_locks.mode`` uses, e.g. ``AccessExclusiveLock``."""
        return "".join(part.capitalize() for part in self.name.split("_")) + "Lock"

    @property
    def sql_name(self) -> str:
        """The name the documentation and ``LOCK TABLE`` use, e.g. ``ACCESS EXCLUSIVE``."""
        return self.name.replace("_", " ")

    @property
    def blocks_reads(self) -> bool:
        return self is LockMode.ACCESS_EXCLUSIVE

    @property
    def blocks_writes(self) -> bool:
        """Conflicts with ROW EXCLUSIVE (what INSERT/UPDATE/DELETE take)."""
        return self >= LockMode.SHARE

    @classmethod
    def from_pg_name(cls, name: str) -> LockMode:
        for mode in cls:
            if mode.pg_name == name:
                return mode
        raise ValueError(name)


class Kind(StrEnum):
    DDL = "ddl"
    DML = "dml"
    QUERY = "query"
    SESSION = "session"  # SET / RESET
    TRANSACTION = "transaction"  # BEGIN / COMMIT / ROLLBACK / SAVEPOINT
    MAINTENANCE = "maintenance"  # VACUUM / ANALYZE / CLUSTER / REINDEX
    OTHER = "other"


class Volatility(StrEnum):
    """Of a default expression, as ``pg_proc.provolatile`` would say."""

    IMMUTABLE = "immutable"
    STABLE = "stable"
    VOLATILE = "volatile"


class ConstraintKind(StrEnum):
    CHECK = "check"
    FOREIGN_KEY = "foreign key"
    UNIQUE = "unique"
    PRIMARY_KEY = "primary key"
    EXCLUDE = "exclude"
    NOT_NULL = "not null"


# --------------------------------------------------------------------------- actions


@dataclass(frozen=True, slots=True)
class ColumnSpec:
    name: str
    type: str  # normalised, lower case: "varchar(50)", "bigint", "jsonb"
    default: str | None = None
    volatility: Volatility | None = None  # of the default
    not_null: bool = False
    primary_key: bool = False
    unique: bool = False
    references: str | None = None  # inline REFERENCES table
    check: str | None = None
    generated_stored: bool = False  # GENERATED ALWAYS AS (...) STORED
    generated_virtual: bool = False  # PostgreSQL 18 default for GENERATED ALWAYS AS (...)
    identity: bool = False
    serial: bool = False

    @property
    def fills_rows(self) -> bool:
        """ADD COLUMN gives the rows already there a value other than NULL."""
        return (
            (self.default is not None and self.default.strip().upper() != "NULL")
            or self.serial
            or self.identity
            or self.generated_stored
            or self.generated_virtual
        )


@dataclass(frozen=True, slots=True)
class Action:
    """Base of every action. ``table`` is the relation it works on, if any."""

    table: str | None


@dataclass(frozen=True, slots=True)
class CreateTable(Action):
    columns: tuple[ColumnSpec, ...] = ()
    constraints: tuple[AddConstraint, ...] = ()
    partition_of: str | None = None
    as_select: bool = False
    unlogged: bool = False


@dataclass(frozen=True, slots=True)
class DropTable(Action):
    cascade: bool = False
    # Tables its foreign keys reference (from the schema model): their referential triggers
    # are dropped with it, under ACCESS EXCLUSIVE on each (seen in rehearsals, PostgreSQL 18).
    references: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class RenameTable(Action):
    new_name: str = ""


@dataclass(frozen=True, slots=True)
class CreateIndex(Action):
    name: str | None = None
    columns: tuple[str, ...] = ()
    unique: bool = False
    concurrently: bool = False
    partial: bool = False
    # ON ONLY a partitioned table: an invalid index on the parent alone, nothing is built (the
    # first step of indexing a partitioned table without blocking writes).
    only: bool = False


@dataclass(frozen=True, slots=True)
class DropIndex(Action):
    """``table`` is unknown from the SQL; the schema model resolves ``name`` to it."""

    name: str = ""
    concurrently: bool = False


@dataclass(frozen=True, slots=True)
class RenameIndex(Action):
    name: str = ""
    new_name: str = ""


@dataclass(frozen=True, slots=True)
class Reindex(Action):
    target: str = "table"  # table | index | schema | database | system
    name: str = ""
    concurrently: bool = False


@dataclass(frozen=True, slots=True)
class AddColumn(Action):
    column: ColumnSpec = field(default_factory=lambda: ColumnSpec("", ""))


@dataclass(frozen=True, slots=True)
class DropColumn(Action):
    column: str = ""
    # Tables the column's foreign keys reference (from the schema model): the constraints go
    # with the column, and their referential triggers under ACCESS EXCLUSIVE on each (seen in
    # rehearsals of ckan, PostgreSQL 18).
    references: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class RenameColumn(Action):
    column: str = ""
    new_name: str = ""


@dataclass(frozen=True, slots=True)
class AlterColumnType(Action):
    column: str = ""
    new_type: str = ""
    using: str | None = None


@dataclass(frozen=True, slots=True)
class SetNotNull(Action):
    column: str = ""


@dataclass(frozen=True, slots=True)
class DropNotNull(Action):
    column: str = ""


@dataclass(frozen=True, slots=True)
class SetDefault(Action):
    column: str = ""
    default: str | None = None  # None: DROP DEFAULT
    volatility: Volatility | None = None


@dataclass(frozen=True, slots=True)
class AddConstraint(Action):
    name: str | None = None
    kind: ConstraintKind = ConstraintKind.CHECK
    columns: tuple[str, ...] = ()
    references: str | None = None  # foreign keys: the referenced table
    ref_columns: tuple[str, ...] = ()  # foreign keys: its columns (empty: its primary key)
    check: str | None = None  # CHECK expression
    not_valid: bool = False
    using_index: str | None = None  # ADD CONSTRAINT ... UNIQUE/PRIMARY KEY USING INDEX


@dataclass(frozen=True, slots=True)
class ValidateConstraint(Action):
    name: str = ""


@dataclass(frozen=True, slots=True)
class DropConstraint(Action):
    name: str = ""
    # The table a dropped foreign key references (from the schema model): its referential
    # triggers are dropped too, under ACCESS EXCLUSIVE (seen in rehearsals, PostgreSQL 18).
    references: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class RewriteTable(Action):
    """Commands that rewrite the whole table: VACUUM FULL, CLUSTER, SET TABLESPACE,
    SET LOGGED/UNLOGGED. ``command`` names which."""

    command: str = ""


@dataclass(frozen=True, slots=True)
class Vacuum(Action):
    full: bool = False
    analyze_only: bool = False


@dataclass(frozen=True, slots=True)
class Truncate(Action):
    cascade: bool = False


@dataclass(frozen=True, slots=True)
class DetachPartition(Action):
    partition: str = ""
    concurrently: bool = False
    # FINALIZE completes an interrupted DETACH ... CONCURRENTLY, with its weaker lock.
    finalize: bool = False
    # Tables the parent's foreign keys reference (from the schema model): the detached
    # partition keeps its own copy of each key, whose triggers are created on them.
    references: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class AttachPartition(Action):
    partition: str = ""


@dataclass(frozen=True, slots=True)
class AddEnumValue(Action):
    type_name: str = ""
    value: str = ""


@dataclass(frozen=True, slots=True)
class CreateEnum(Action):
    type_name: str = ""
    labels: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class DomainConstraint(Action):
    """CREATE DOMAIN ... CHECK, or ALTER DOMAIN ... ADD CONSTRAINT."""

    domain: str = ""
    create: bool = True
    not_valid: bool = False


@dataclass(frozen=True, slots=True)
class Dml(Action):
    verb: str = "update"  # update | delete | insert | merge | copy
    has_where: bool = True
    from_select: bool = False
    # UPDATE: the columns it sets (empty: not known, or not an UPDATE).
    columns: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class SetSetting(Action):
    name: str = ""
    value: str | None = None  # None: RESET
    local: bool = False


@dataclass(frozen=True, slots=True)
class TransactionControl(Action):
    verb: str = "begin"  # begin | commit | rollback | savepoint | release | prepare


@dataclass(frozen=True, slots=True)
class LockTable(Action):
    mode: LockMode = LockMode.ACCESS_EXCLUSIVE


@dataclass(frozen=True, slots=True)
class OtherTableChange(Action):
    """An ALTER TABLE subcommand with no rule of its own (OWNER TO, ENABLE TRIGGER, SET (...)).
    ``lock`` is the documented lock it takes."""

    description: str = ""
    lock: LockMode = LockMode.ACCESS_EXCLUSIVE


@dataclass(frozen=True, slots=True)
class TableLockOnly(Action):
    """A statement whose only relevance is the lock it takes on ``table`` (CREATE TRIGGER,
    REFRESH MATERIALIZED VIEW, COMMENT ON, SELECT ...)."""

    description: str = ""
    lock: LockMode = LockMode.ACCESS_SHARE


# --------------------------------------------------------------------------- facts

ActionT = TypeVar("ActionT", bound=Action)


@dataclass(slots=True)
class Facts:
    """Everything migcheck knows about one statement without the schema model."""

    kind: Kind
    actions: list[Action] = field(default_factory=list)
    parsed: bool = True  # False: neither sqlglot nor the fallback understood it
    note: str | None = None  # why it was not understood
    non_postgres: bool = False  # recognisably another dialect's syntax
    # Type names PostgreSQL does not have (BLOB, DATETIME, ...), as written; see .dialect.
    foreign_types: tuple[str, ...] = ()
    defines_type: str | None = None  # CREATE TYPE / CREATE DOMAIN: the name it makes

    @property
    def tables(self) -> list[str]:
        seen: dict[str, None] = {}
        for action in self.actions:
            if action.table:
                seen[action.table] = None
        return list(seen)

    def of_type(self, cls: type[ActionT]) -> list[ActionT]:
        return [a for a in self.actions if isinstance(a, cls)]
