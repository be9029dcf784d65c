"""Which table locks an action takes, per PostgreSQL major version.

Source: the PostgreSQL documentation, "Explicit Locking" (13.3.1, Table-Level Locks) and the
notes of ALTER TABLE, CREATE INDEX, REINDEX, VACUUM, CLUSTER, TRUNCATE, DROP INDEX, CREATE
TRIGGER and REFRESH MATERIALIZED VIEW. "An ACCESS EXCLUSIVE lock is acquired unless explicitly
noted" (ALTER TABLE). ``migcheck rehearse`` compares these predictions with ``pg_locks`` and
reports every mismatch, so this table is tested against real servers.
"""

from __future__ import annotations

from dataclasses import dataclass

from migcheck.analysis.facts import (
    Action,
    AddColumn,
    AddConstraint,
    AddEnumValue,
    AlterColumnType,
    AttachPartition,
    ConstraintKind,
    CreateIndex,
    CreateTable,
    DetachPartition,
    Dml,
    DomainConstraint,
    DropColumn,
    DropConstraint,
    DropIndex,
    DropNotNull,
    DropTable,
    LockMode,
    LockTable,
    OtherTableChange,
    Reindex,
    RenameColumn,
    RenameIndex,
    RenameTable,
    RewriteTable,
    SetDefault,
    SetNotNull,
    TableLockOnly,
    Truncate,
    Vacuum,
    ValidateConstraint,
)


@dataclass(frozen=True, slots=True)
class PredictedLock:
    table: str
    mode: LockMode


def table_locks(action: Action, pg_version: int) -> list[PredictedLock]:
    """The table-level locks ``action`` takes (on tables, not on indexes or types)."""
    table = action.table
    locks: list[PredictedLock] = []

    def on(name: str | None, mode: LockMode) -> None:
        if name:
            locks.append(PredictedLock(name, mode))

    match action:
        case CreateTable():
            # A new relation: nothing existing is locked, except the tables its foreign keys
            # reference (SHARE ROW EXCLUSIVE, to add the referential triggers) and the parent
            # of a partition (ACCESS EXCLUSIVE before PostgreSQL 12... and still today for
            # CREATE TABLE ... PARTITION OF).
            # A self-reference (categories.parent_id -> categories) locks only the new table.
            for column in action.columns:
                if column.references != table:
                    on(column.references, LockMode.SHARE_ROW_EXCLUSIVE)
            for constraint in action.constraints:
                if constraint.kind is ConstraintKind.FOREIGN_KEY and constraint.references != table:
                    on(constraint.references, LockMode.SHARE_ROW_EXCLUSIVE)
            on(action.partition_of, LockMode.ACCESS_EXCLUSIVE)
        case CreateIndex():
            on(
                table,
                LockMode.SHARE_UPDATE_EXCLUSIVE if action.concurrently else LockMode.SHARE,
            )
        case DropIndex():
            on(
                table,
                LockMode.SHARE_UPDATE_EXCLUSIVE
                if action.concurrently
                else LockMode.ACCESS_EXCLUSIVE,
            )
        case RenameIndex():
            # PostgreSQL 12+: ALTER INDEX ... RENAME takes SHARE UPDATE EXCLUSIVE.
            pass
        case Reindex():
            # REINDEX locks out writes (SHARE on the table) and takes ACCESS EXCLUSIVE on the
            # index itself; CONCURRENTLY takes SHARE UPDATE EXCLUSIVE.
            on(
                table,
                LockMode.SHARE_UPDATE_EXCLUSIVE if action.concurrently else LockMode.SHARE,
            )
        case AddColumn():
            on(table, LockMode.ACCESS_EXCLUSIVE)
            on(action.column.references, LockMode.SHARE_ROW_EXCLUSIVE)
        case AddConstraint():
            if action.kind is ConstraintKind.FOREIGN_KEY:
                # "ADD FOREIGN KEY requires only a SHARE ROW EXCLUSIVE lock", on both tables.
                on(table, LockMode.SHARE_ROW_EXCLUSIVE)
                on(action.references, LockMode.SHARE_ROW_EXCLUSIVE)
            else:
                on(table, LockMode.ACCESS_EXCLUSIVE)
        case ValidateConstraint():
            # "VALIDATE CONSTRAINT ... only requires a SHARE UPDATE EXCLUSIVE lock"; a foreign
            # key also takes ROW SHARE on the referenced table (not known from the SQL alone).
            on(table, LockMode.SHARE_UPDATE_EXCLUSIVE)
        case DetachPartition():
            # AlterTableGetLockLevel: DETACH ... CONCURRENTLY and ... FINALIZE (PostgreSQL 14+)
            # take SHARE UPDATE EXCLUSIVE on the parent, a plain DETACH ACCESS EXCLUSIVE.
            on(
                table,
                LockMode.SHARE_UPDATE_EXCLUSIVE
                if (action.concurrently or action.finalize) and pg_version >= 14
                else LockMode.ACCESS_EXCLUSIVE,
            )
            on(action.partition, LockMode.ACCESS_EXCLUSIVE)
            # Seen in rehearsals (pg_locks, PostgreSQL 18): SHARE ROW EXCLUSIVE on each table
            # the foreign keys reference, as when a foreign key is added.
            for referenced in action.references:
                on(referenced, LockMode.SHARE_ROW_EXCLUSIVE)
        case AttachPartition():
            on(
                table,
                LockMode.SHARE_UPDATE_EXCLUSIVE if pg_version >= 12 else LockMode.ACCESS_EXCLUSIVE,
            )
            on(action.partition, LockMode.ACCESS_EXCLUSIVE)
        case Vacuum():
            if action.full:
                on(table, LockMode.ACCESS_EXCLUSIVE)
            else:
                on(table, LockMode.SHARE_UPDATE_EXCLUSIVE)
        case RewriteTable():
            on(table, LockMode.ACCESS_EXCLUSIVE)
        case DropTable():
            on(table, LockMode.ACCESS_EXCLUSIVE)
            for referenced in action.references:
                on(referenced, LockMode.ACCESS_EXCLUSIVE)
        case DropColumn():
            on(table, LockMode.ACCESS_EXCLUSIVE)
            for referenced in action.references:
                on(referenced, LockMode.ACCESS_EXCLUSIVE)
        case Truncate() | RenameTable() | RenameColumn():
            on(table, LockMode.ACCESS_EXCLUSIVE)
        case DropConstraint():
            on(table, LockMode.ACCESS_EXCLUSIVE)
            for referenced in action.references:
                on(referenced, LockMode.ACCESS_EXCLUSIVE)
        case AlterColumnType() | SetNotNull() | DropNotNull() | SetDefault():
            on(table, LockMode.ACCESS_EXCLUSIVE)
        case OtherTableChange() | TableLockOnly():
            on(table, action.lock)
        case LockTable():
            on(table, action.mode)
        case Dml():
            on(table, LockMode.ROW_EXCLUSIVE)
        case AddEnumValue() | DomainConstraint():
            pass
        case _:
            pass
    return locks


def strongest(locks: list[PredictedLock]) -> dict[str, LockMode]:
    """The strongest mode per table."""
    result: dict[str, LockMode] = {}
    for lock in locks:
        if lock.mode > result.get(lock.table, LockMode.ACCESS_SHARE - 1):
            result[lock.table] = lock.mode
    return result


def cannot_run_in_transaction(action: Action, pg_version: int) -> str | None:
    """Why ``action`` cannot run inside a transaction block, if it cannot."""
    match action:
        case CreateIndex(concurrently=True):
            return "CREATE INDEX CONCURRENTLY cannot run inside a transaction block"
        case DropIndex(concurrently=True):
            return "DROP INDEX CONCURRENTLY cannot run inside a transaction block"
        case Reindex(concurrently=True):
            return "REINDEX CONCURRENTLY cannot run inside a transaction block"
        case Reindex(target="database" | "system" | "schema"):
            return f"REINDEX {action.target.upper()} cannot run inside a transaction block"
        case Vacuum(analyze_only=False):
            return "VACUUM cannot run inside a transaction block"
        case DetachPartition(concurrently=True):
            return "DETACH PARTITION CONCURRENTLY cannot run inside a transaction block"
        case AddEnumValue() if pg_version < 12:
            return (
                f"ALTER TYPE ... ADD VALUE cannot run inside a transaction block before "
                f"PostgreSQL 12 (target: {pg_version})"
            )
        case RewriteTable(command="VACUUM FULL"):
            return "VACUUM cannot run inside a transaction block"
        case _:
            return None
