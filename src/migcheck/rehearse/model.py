"""The rehearsal report (pydantic): what ``--format json`` prints, and what the other formats
are made from.

    {"backend": ..., "seed": {"tables": {name: rows}, "seconds": ...},
     "revisions": [{"revision": id, "duration_ms": ..., "statements": [{"sql", "line",
       "duration_ms", "repeated", "longest_ms", "locks": [{"table", "mode", "held_ms"}], "rewritten": [...],
       "rows_locked": [{"table", "rows", "held_ms", "transaction_rows"}],
       "blocked_ms": {"read", "write"}, "predicted": [rule ids]}]}],
     "mismatches": [...], "budget_violations": [...]}

Lock modes use ``pg_locks.mode`` names (``AccessExclusiveLock``).
"""

from __future__ import annotations

from pydantic import BaseModel, Field


class LockModel(BaseModel):
    table: str
    mode: str
    held_ms: float = Field(description="from the statement that took it until it was released")


class RowLocksModel(BaseModel):
    table: str
    rows: int = Field(description="rows the UPDATE or DELETE changed (PostgreSQL's row count)")
    held_ms: float = Field(
        description="from the statement's start until its transaction let go of its locks: "
        "an application's UPDATE or DELETE of one of these rows waits up to this long"
    )
    transaction_rows: int | None = Field(
        default=None,
        description="on the first UPDATE or DELETE of this table in its transaction: the rows "
        "of the table it and the later ones changed, all locked until the transaction ended "
        "(a loop of single-row UPDATEs adds up here)",
    )


class BlockedModel(BaseModel):
    read: float = 0.0
    write: float = 0.0


class StatementModel(BaseModel):
    sql: str
    line: int
    duration_ms: float = Field(
        description="its time on the server; for a statement repeated by a loop, its runs' "
        "time in all"
    )
    repeated: int = Field(
        default=1,
        description="how many times it ran in a row, from the same line with other values: a "
        "data migration's loop (one UPDATE per row) is one entry; sql is its first run",
    )
    longest_ms: float | None = Field(
        default=None, description="for a statement repeated by a loop: its longest run"
    )
    in_transaction: bool = True
    locks: list[LockModel] = Field(default_factory=list)
    rewritten: list[str] = Field(default_factory=list)
    indexes_built: list[str] = Field(default_factory=list)
    rows_locked: list[RowLocksModel] = Field(
        default_factory=list,
        description="rows locked until the transaction ended (not in pg_locks; see "
        "migcheck.rehearse.row_locks)",
    )
    blocked_ms: BlockedModel = Field(default_factory=BlockedModel)
    waited_ms: BlockedModel = Field(
        default_factory=BlockedModel,
        description="the longest wait, whole, of a read or write that began during this "
        "statement: a lock held since an earlier statement of the transaction keeps it waiting "
        "until the transaction ends (blocked_ms is this statement's share)",
    )
    blocked_on: list[str] = Field(
        default_factory=list,
        description="the tables whose probes waited (a lock held since an earlier statement "
        "of the same transaction makes a statement's traffic wait on another table)",
    )
    predicted: list[str] = Field(default_factory=list, description="lint rule ids at this line")
    error: str | None = None

    @property
    def slowest_run_ms(self) -> float:
        """Its time, or a loop's longest run (the runs in all are the loop's time)."""
        return self.duration_ms if self.longest_ms is None else self.longest_ms


class RevisionModel(BaseModel):
    revision: str
    file: str
    message: str = ""
    direction: str = "upgrade"
    duration_ms: float
    statements: list[StatementModel] = Field(default_factory=list)
    error: str | None = None
    error_line: int | None = None


class SeedModel(BaseModel):
    tables: dict[str, int] = Field(default_factory=dict)
    seconds: float = 0.0
    warnings: list[str] = Field(default_factory=list)
    # How the seed departed from its defaults because of what the revisions under test do.
    notes: list[str] = Field(default_factory=list)


class MismatchModel(BaseModel):
    revision: str
    line: int
    table: str
    kind: (
        str  # "lock-stronger-than-predicted" | "lock-weaker-than-predicted" | "unpredicted-rewrite"
    )
    predicted: str | None
    observed: str | None
    message: str


class BudgetViolationModel(BaseModel):
    # "max-lock-ms" | "max-row-lock-ms" | "max-blocked-ms" | "max-statement-ms" | "max-duration"
    budget: str
    limit: float
    value: float
    revision: str | None = None
    line: int | None = None
    message: str
    run: int | None = Field(
        default=None, description="the statement's revision run: an index into revisions"
    )
    statement: int | None = Field(
        default=None,
        description="the statement: an index into that run's statements (a loop sends many "
        "from one line)",
    )


class RehearsalModel(BaseModel):
    version: str
    backend: str
    server_version: int
    seed: SeedModel = Field(default_factory=SeedModel)
    revisions: list[RevisionModel] = Field(default_factory=list)
    mismatches: list[MismatchModel] = Field(default_factory=list)
    budget_violations: list[BudgetViolationModel] = Field(default_factory=list)
    warnings: list[str] = Field(default_factory=list, description="instrument problems")
    failed: bool = False
    duration_seconds: float = 0.0
