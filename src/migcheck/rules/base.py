"""The rule catalog's machinery: what a rule is, what it sees, how it reports.

A rule is documented data (:class:`Rule`, shown by ``migcheck rules ID``) plus a check function
registered with :func:`statement_rule` (called for every statement) or :func:`unit_rule`
(called once at the end of every revision or ``.sql`` file). Checks read a
:class:`StatementContext`: the statement, its facts, the schema model *before* the statement,
and the transaction it runs in. They never change state: the engine does that.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from migcheck.analysis.facts import Facts, LockMode
from migcheck.config import SMALL_TABLE_ROWS
from migcheck.model import Finding, Severity, Statement, Unit
from migcheck.schema import SchemaModel


@dataclass(frozen=True, slots=True)
class Rule:
    """A rule and its documentation (ruff-style: what, why, example, instead)."""

    id: str
    severity: Severity
    summary: str
    why: str
    example: str
    instead: str
    family: str
    versions: str = "all supported versions"
    # A lock hazard on a table known to be small is reported as info.
    lock_hazard: bool = False
    # Example of the safe way, shown after "instead".
    safe_example: str = ""


RULES: dict[str, Rule] = {}
StatementCheck = Callable[["StatementContext"], None]
UnitCheck = Callable[["UnitContext"], None]
STATEMENT_CHECKS: dict[str, StatementCheck] = {}
UNIT_CHECKS: dict[str, UnitCheck] = {}


def define(rule: Rule) -> Rule:
    if rule.id in RULES:
        raise ValueError(f"rule {rule.id} defined twice")
    RULES[rule.id] = rule
    return rule


def statement_rule(rule: Rule) -> Callable[[StatementCheck], StatementCheck]:
    define(rule)

    def register(check: StatementCheck) -> StatementCheck:
        STATEMENT_CHECKS[rule.id] = check
        return check

    return register


def unit_rule(rule: Rule) -> Callable[[UnitCheck], UnitCheck]:
    define(rule)

    def register(check: UnitCheck) -> UnitCheck:
        UNIT_CHECKS[rule.id] = check
        return check

    return register


# --------------------------------------------------------------------------- contexts


@dataclass(slots=True)
class Settings:
    """What the rules need to know about the target, from config and options."""

    pg_version: int = 15
    table_rows: dict[str, int] = field(default_factory=dict)
    lock_timeout_set_by_env: bool = False
    transaction_per_migration: bool = False
    # After an explicit COMMIT in a revision the driver begins a new transaction (psycopg 3);
    # False: it sends no BEGIN and what follows commits statement by statement (psycopg2).
    driver_begins_after_commit: bool = False
    # Which driver that is and how it is known, for messages ("psycopg 3, named by its database
    # URL"); see migcheck.project.project_driver.
    driver: str = ""
    assume_in_transaction: bool = False
    # env.py hands the run to application code (see migcheck.project.EnvSettings.delegates).
    env_delegates: bool = False

    def rows(self, table: str | None) -> int | None:
        if not table:
            return None
        if table in self.table_rows:
            return self.table_rows[table]
        return self.table_rows.get(table.rsplit(".", 1)[-1])


# Zones whose offset is 0 with no daylight saving time: PostgreSQL skips the rewrite of
# timestamp <-> timestamptz for them (TimestampTimestampTzRequiresRewrite, PostgreSQL 12+).
_UTC_ZONES = frozenset(
    {"utc", "uct", "gmt", "gmt0", "gmt+0", "gmt-0", "zulu", "universal", "greenwich", "z", "0"}
    | {f"etc/{z}" for z in ("utc", "uct", "gmt", "gmt0", "gmt+0", "gmt-0", "zulu", "universal")}
    | {"+00", "+00:00", "-00", "00:00", "interval '0'", "interval '+00:00' hour to minute"}
)


def is_utc(zone: str) -> bool:
    return zone.strip().strip("'\"").lower() in _UTC_ZONES


@dataclass(slots=True)
class Transaction:
    """One transaction block (or one autocommit statement)."""

    id: int
    explicit: bool  # False: a single statement outside any transaction block
    started_at: Statement | None = None
    lock_timeout_local: bool = False
    lock_timeout_reported: bool = False
    time_zone_local: str | None = None  # SET LOCAL TIME ZONE in this transaction block
    search_path_local: tuple[str, ...] | None = None  # SET LOCAL search_path in this block
    # Tables emptied in this block (TRUNCATE, DELETE without WHERE): the schema model's tables
    # (renames keep them), or the name where the model does not know the table.
    emptied: list[object] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class NewForeignKey:
    """A foreign key a statement adds, checked for an index when its unit ends."""

    table: str
    columns: tuple[str, ...]
    references: str | None
    statement: Statement
    # The search path where it was written: names resolve as they did there.
    search_path: tuple[str, ...]


@dataclass(slots=True)
class AccessExclusiveHold:
    table: str
    statement: Statement


@dataclass(slots=True)
class UnitState:
    """What happened so far in the current revision or file (reset at each unit)."""

    key: str
    # transaction id -> tables with DDL (on existing tables) in this unit
    ddl_tables: dict[int, list[tuple[str, Statement]]] = field(default_factory=dict)
    dml_statements: dict[int, list[tuple[str, Statement]]] = field(default_factory=dict)
    holds: dict[int, list[AccessExclusiveHold]] = field(default_factory=dict)
    new_foreign_keys: list[NewForeignKey] = field(default_factory=list)
    # missing-lock-timeout already reported in this unit: for statements that commit on their
    # own (a .sql file), and for the whole revision (Alembic)
    lock_timeout_reported_autocommit: bool = False
    ignored_begins: int = 0  # nested BEGINs (reported) whose stray COMMIT is the same mistake
    new_columns: set[tuple[str, str]] = field(default_factory=set)  # (table, column) added here
    has_ddl_on_existing: bool = False
    has_dml_on_existing: bool = False


class Reporter:
    """Collects findings; applies the small-table downgrade."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.findings: list[Finding] = []
        self._seen: set[tuple[object, ...]] = set()

    def add(
        self,
        rule_id: str,
        message: str,
        *,
        statement: Statement | None = None,
        unit: Unit | None = None,
        table: str | None = None,
        line: int | None = None,
        severity: Severity | None = None,
    ) -> None:
        rule = RULES[rule_id]
        level = severity or rule.severity
        rows = self.settings.rows(table)
        if rule.lock_hazard and rows is not None and rows < SMALL_TABLE_ROWS:
            level = Severity.INFO
        file = statement.file if statement is not None else (unit.file if unit else None)
        revision = statement.revision if statement is not None else None
        if revision is None and unit is not None and unit.revision is not None:
            revision = unit.revision.id
        finding = Finding(
            rule=rule_id,
            severity=level,
            message=message,
            file=file,
            line=line if line is not None else (statement.line if statement else None),
            revision=revision,
            statement=statement.sql if statement is not None else None,
            fix=rule.instead.split("\n\n")[0] if rule.instead else None,
        )
        # A helper function called several times emits the same statement from the same line:
        # one finding says it.
        key = (finding.rule, finding.file, finding.line, finding.message, finding.statement)
        if key not in self._seen:
            self._seen.add(key)
            self.findings.append(finding)


def size_note(settings: Settings, table: str | None) -> str:
    """``orders (~40M rows)`` when the size is known, else ``orders``."""
    if not table:
        return "the table"
    rows = settings.rows(table)
    if rows is None:
        return table
    return f"{table} (~{human_rows(rows)} rows)"


def human_rows(rows: int) -> str:
    for limit, suffix in ((1_000_000_000, "B"), (1_000_000, "M"), (1_000, "k")):
        if rows >= limit:
            value = rows / limit
            return (
                f"{value:.0f}{suffix}"
                if value >= 10
                else f"{value:.1f}".rstrip("0").rstrip(".") + suffix
            )
    return str(rows)


@dataclass(slots=True)
class StatementContext:
    statement: Statement
    facts: Facts
    unit: Unit
    state: UnitState
    schema: SchemaModel
    settings: Settings
    transaction: Transaction
    session_lock_timeout: bool
    reporter: Reporter
    session_time_zone: str | None = None  # SET TIME ZONE earlier in the session

    def time_zone_is_utc(self) -> bool:
        """Whether the session's time zone is known to be UTC (set in the migration itself)."""
        zone = self.transaction.time_zone_local or self.session_time_zone
        return zone is not None and is_utc(zone)

    @property
    def in_transaction(self) -> bool:
        return self.transaction.explicit

    @property
    def pg_version(self) -> int:
        return self.settings.pg_version

    def is_existing(self, table: str | None) -> bool:
        """Not created in this revision/file: assume it exists and may be large."""
        if not table:
            return False
        return not self.schema.is_new(table, self.state.key)

    def sized(self, table: str | None) -> str:
        return size_note(self.settings, table)

    def emptied_before(self, table: str | None) -> bool:
        """Emptied earlier in this transaction block (``DELETE FROM t`` or ``TRUNCATE t``,
        then ``ALTER TABLE t ADD COLUMN ... NOT NULL``): it holds no rows of its own now."""
        found = self.schema.table(table)
        return any(t is found or t == table for t in self.transaction.emptied)

    def note_emptied(self, table: str | None) -> None:
        if table:
            found = self.schema.table(table)
            self.transaction.emptied.append(found if found is not None else table)

    def report(
        self,
        rule_id: str,
        message: str,
        *,
        table: str | None = None,
        severity: Severity | None = None,
    ) -> None:
        self.reporter.add(
            rule_id,
            message,
            statement=self.statement,
            unit=self.unit,
            table=table,
            severity=severity,
        )

    def lock_timeout_set(self) -> bool:
        return (
            self.session_lock_timeout
            or self.transaction.lock_timeout_local
            or self.settings.lock_timeout_set_by_env
        )


@dataclass(slots=True)
class UnitContext:
    unit: Unit
    state: UnitState
    schema: SchemaModel
    settings: Settings
    reporter: Reporter
    open_transaction: Transaction | None = None

    def report(
        self,
        rule_id: str,
        message: str,
        *,
        statement: Statement | None = None,
        table: str | None = None,
        severity: Severity | None = None,
    ) -> None:
        self.reporter.add(
            rule_id, message, statement=statement, unit=self.unit, table=table, severity=severity
        )


def strongest_lock_name(mode: LockMode) -> str:
    return mode.sql_name


def iter_rules(select: Iterable[str] | None = None) -> list[Rule]:
    rules = sorted(RULES.values(), key=lambda r: (r.family, r.id))
    if select is None:
        return rules
    wanted = set(select)
    return [r for r in rules if r.id in wanted]
