"""The statements sqlglot leaves as ``Command`` or cannot parse, classified by their keywords.

VACUUM, CLUSTER, REINDEX, LOCK, REFRESH MATERIALIZED VIEW, ALTER TYPE ... ADD VALUE, ALTER DOMAIN,
CREATE DOMAIN, and ALTER TABLE with subcommands sqlglot does not know (VALIDATE CONSTRAINT,
ADD ... USING INDEX, DETACH/ATTACH PARTITION, SET TABLESPACE, SET LOGGED, ...). An ALTER TABLE
is split into its subcommands; each is given back to sqlglot alone first, so only the forms it
does not know are classified here.
"""

from __future__ import annotations

import re

from migcheck.analysis.facts import (
    Action,
    AddConstraint,
    AddEnumValue,
    AttachPartition,
    ConstraintKind,
    CreateIndex,
    CreateTable,
    DetachPartition,
    Dml,
    DomainConstraint,
    DropNotNull,
    Facts,
    Kind,
    LockMode,
    LockTable,
    OtherTableChange,
    Reindex,
    RewriteTable,
    SetNotNull,
    SetSetting,
    TableLockOnly,
    TransactionControl,
    Vacuum,
    ValidateConstraint,
)
from migcheck.analysis.names import ident, qualified

_I = re.IGNORECASE | re.DOTALL
NAME = r'(?:"(?:[^"]|"")+"|[A-Za-z_][A-Za-z0-9_$]*)'
QNAME = rf"{NAME}(?:\s*\.\s*{NAME})*"


def _q(text: str) -> str:
    return qualified(re.sub(r"\s*\.\s*", ".", text))


# Statements that are understood and carry no lock hazard of interest.
_HARMLESS = re.compile(
    r"^\s*(CREATE\s+(OR\s+REPLACE\s+)?(FUNCTION|PROCEDURE|EXTENSION|SCHEMA|SEQUENCE|ROLE|USER|"
    r"AGGREGATE|OPERATOR|COLLATION|CAST|TEXT\s+SEARCH|PUBLICATION|SUBSCRIPTION|STATISTICS|"
    r"POLICY|RULE|(RECURSIVE\s+)?VIEW|TYPE|SERVER|FOREIGN\s+DATA|EVENT\s+TRIGGER)|"
    r"ALTER\s+(FUNCTION|PROCEDURE|EXTENSION|SCHEMA|SEQUENCE|ROLE|USER|DEFAULT\s+PRIVILEGES|"
    r"DATABASE|VIEW|POLICY|PUBLICATION|SUBSCRIPTION|STATISTICS|OPERATOR|AGGREGATE|"
    r"EVENT\s+TRIGGER|TEXT\s+SEARCH|COLLATION|SERVER|TYPE)|"
    r"DROP\s+(FUNCTION|PROCEDURE|EXTENSION|SCHEMA|SEQUENCE|ROLE|USER|VIEW|TYPE|DOMAIN|POLICY|"
    r"TRIGGER|RULE|AGGREGATE|OPERATOR|PUBLICATION|SUBSCRIPTION|MATERIALIZED\s+VIEW|"
    r"STATISTICS|CAST|COLLATION|SERVER|EVENT\s+TRIGGER)|"
    r"COMMENT\s+ON|GRANT|REVOKE|SECURITY\s+LABEL|NOTIFY|LISTEN|UNLISTEN|DISCARD|"
    r"SET\s+(ROLE|SESSION\s+AUTHORIZATION|CONSTRAINTS|TRANSACTION|TIME\s+ZONE|SCHEMA|NAMES)|"
    r"RESET|SHOW|CHECKPOINT|"
    r"SELECT|WITH|VALUES|EXPLAIN|PREPARE|EXECUTE|DEALLOCATE|DO|CALL|"
    r"REASSIGN\s+OWNED|DROP\s+OWNED|ALTER\s+SYSTEM|IMPORT\s+FOREIGN|LOAD)\b",
    _I,
)


def _lock_only(kind: Kind, table: str | None, description: str, lock: LockMode) -> Facts:
    """A statement whose only relevance is the lock it takes on one table."""
    return Facts(
        kind=kind, actions=[TableLockOnly(table=table, description=description, lock=lock)]
    )


def comment_on(text: str) -> Facts | None:
    """``COMMENT ON TABLE t`` / ``COMMENT ON COLUMN t.c``: SHARE UPDATE EXCLUSIVE on the table
    (seen in rehearsals, pg_locks on PostgreSQL 18): it waits for other DDL, not for queries."""
    match = re.match(
        rf"^\s*COMMENT\s+ON\s+(?P<what>TABLE|COLUMN|MATERIALIZED\s+VIEW)\s+(?P<name>{QNAME})",
        text,
        _I,
    )
    if not match:
        return None
    parts = _split_name(match.group("name"))
    if match.group("what").upper() == "COLUMN":
        parts = parts[:-1]
    if not parts:
        return None
    return _lock_only(Kind.DDL, _q(".".join(parts)), "COMMENT ON", LockMode.SHARE_UPDATE_EXCLUSIVE)


def drop_trigger(text: str) -> Facts | None:
    """``DROP TRIGGER [IF EXISTS] name ON table``: ACCESS EXCLUSIVE on the table (seen in
    rehearsals, pg_locks on PostgreSQL 18), like dropping any of its objects."""
    match = re.match(
        rf"^\s*DROP\s+TRIGGER\s+(IF\s+EXISTS\s+)?{NAME}\s+ON\s+(?P<table>{QNAME})", text, _I
    )
    if not match:
        return None
    return _lock_only(Kind.DDL, _q(match.group("table")), "DROP TRIGGER", LockMode.ACCESS_EXCLUSIVE)


def _split_name(qualified_name: str) -> list[str]:
    return re.findall(NAME, qualified_name)


def classify(text: str) -> Facts | None:
    """Facts for a statement sqlglot did not understand, or None if nothing here matches."""
    head = text.lstrip().split(None, 1)[0].upper() if text.strip() else ""
    handler = _HANDLERS.get(head)
    if handler is not None:
        facts = handler(text)
        if facts is not None:
            return facts
    if _HARMLESS.match(text):
        return Facts(kind=Kind.DDL if head in ("CREATE", "ALTER", "DROP") else Kind.OTHER)
    return None


# --------------------------------------------------------------------------- one per keyword


def _vacuum(text: str) -> Facts | None:
    match = re.match(r"^\s*VACUUM\b\s*(\((?P<opts>[^)]*)\))?(?P<rest>.*)$", text, _I)
    if not match:
        return None
    opts = (match.group("opts") or "").upper()
    rest = match.group("rest")
    words = rest.upper().split()
    full = "FULL" in words[:3] or re.search(r"\bFULL\b(?!\s+(FALSE|OFF|0)\b)", opts) is not None
    for word in ("FULL", "FREEZE", "VERBOSE", "ANALYZE", "ANALYSE"):
        rest = re.sub(rf"^\s*{word}\b", "", rest, flags=re.IGNORECASE)
    tables = [_q(t.split("(")[0]) for t in _split_commas(rest) if t.strip()]
    actions: list[Action] = [Vacuum(table=t, full=full) for t in tables] or [
        Vacuum(table=None, full=full)
    ]
    if full:
        actions = [RewriteTable(table=a.table, command="VACUUM FULL") for a in actions]
    return Facts(kind=Kind.MAINTENANCE, actions=actions)


def _analyze(text: str) -> Facts:
    return Facts(kind=Kind.MAINTENANCE, actions=[Vacuum(table=None, analyze_only=True)])


def _cluster(text: str) -> Facts | None:
    match = re.match(
        rf"^\s*CLUSTER\b\s*(\([^)]*\))?\s*(VERBOSE\s+)?(?P<table>{QNAME})?(\s+USING\s+(?P<index>{NAME}))?",
        text,
        _I,
    )
    if not match:
        return None
    table = _q(match.group("table")) if match.group("table") else None
    return Facts(kind=Kind.MAINTENANCE, actions=[RewriteTable(table=table, command="CLUSTER")])


def _repack(text: str) -> Facts | None:
    """``REPACK [(options)] [table [USING INDEX [index]]]`` (PostgreSQL 19, replacing VACUUM FULL
    and CLUSTER): a rewrite under ACCESS EXCLUSIVE, unless CONCURRENTLY (SHARE UPDATE
    EXCLUSIVE while it copies, as pg_repack does)."""
    match = re.match(
        rf"^\s*REPACK\b\s*(?P<options>\([^)]*\))?\s*(?P<table>{QNAME})?",
        text,
        _I,
    )
    if not match:
        return None
    table = _q(match.group("table")) if match.group("table") else None
    if re.search(r"\bCONCURRENTLY\b", match.group("options") or "", _I):
        return _lock_only(
            Kind.MAINTENANCE, table, "REPACK (CONCURRENTLY)", LockMode.SHARE_UPDATE_EXCLUSIVE
        )
    return Facts(kind=Kind.MAINTENANCE, actions=[RewriteTable(table=table, command="REPACK")])


def _reindex(text: str) -> Facts | None:
    match = re.match(
        rf"^\s*REINDEX\b\s*(\((?P<opts>[^)]*)\))?\s*(?P<target>INDEX|TABLE|SCHEMA|DATABASE|SYSTEM)\b"
        rf"\s*(?P<conc>CONCURRENTLY\b)?\s*(?P<name>{QNAME})?",
        text,
        _I,
    )
    if not match:
        return None
    target = match.group("target").lower()
    name = _q(match.group("name")) if match.group("name") else ""
    concurrently = (
        bool(match.group("conc")) or "CONCURRENTLY" in (match.group("opts") or "").upper()
    )
    return Facts(
        kind=Kind.MAINTENANCE,
        actions=[
            Reindex(
                table=name if target == "table" else None,
                target=target,
                name=name,
                concurrently=concurrently,
            )
        ],
    )


_LOCK_MODES = {
    "ACCESS SHARE": LockMode.ACCESS_SHARE,
    "ROW SHARE": LockMode.ROW_SHARE,
    "ROW EXCLUSIVE": LockMode.ROW_EXCLUSIVE,
    "SHARE UPDATE EXCLUSIVE": LockMode.SHARE_UPDATE_EXCLUSIVE,
    "SHARE": LockMode.SHARE,
    "SHARE ROW EXCLUSIVE": LockMode.SHARE_ROW_EXCLUSIVE,
    "EXCLUSIVE": LockMode.EXCLUSIVE,
    "ACCESS EXCLUSIVE": LockMode.ACCESS_EXCLUSIVE,
}


def _lock(text: str) -> Facts | None:
    match = re.match(
        r"^\s*LOCK\s+(TABLE\s+)?(ONLY\s+)?(?P<tables>.*?)(\s+IN\s+(?P<mode>[A-Z ]+?)\s+MODE)?(\s+NOWAIT)?\s*$",
        text,
        _I,
    )
    if not match:
        return None
    mode_text = " ".join((match.group("mode") or "ACCESS EXCLUSIVE").upper().split())
    mode = _LOCK_MODES.get(mode_text, LockMode.ACCESS_EXCLUSIVE)
    tables = [_q(t.replace("*", "")) for t in _split_commas(match.group("tables")) if t.strip()]
    return Facts(kind=Kind.DDL, actions=[LockTable(table=t, mode=mode) for t in tables])


def _refresh(text: str) -> Facts | None:
    match = re.match(
        rf"^\s*REFRESH\s+MATERIALIZED\s+VIEW\s+(?P<conc>CONCURRENTLY\s+)?(?P<name>{QNAME})",
        text,
        _I,
    )
    if not match:
        return None
    concurrently = bool(match.group("conc"))
    return _lock_only(
        Kind.MAINTENANCE,
        _q(match.group("name")),
        "REFRESH MATERIALIZED VIEW" + (" CONCURRENTLY" if concurrently else ""),
        LockMode.EXCLUSIVE if concurrently else LockMode.ACCESS_EXCLUSIVE,
    )


# Statements inside a DO block's PL/pgSQL that lock or change existing tables.
_DO_CHANGES = re.compile(
    r"\b(ALTER\s+TABLE|DROP\s+(TABLE|INDEX)|TRUNCATE|UPDATE\s+\S+\s+SET|DELETE\s+FROM|"
    r"INSERT\s+INTO|CREATE\s+(UNIQUE\s+)?INDEX|REINDEX|VACUUM|CLUSTER|LOCK\s+TABLE)\b",
    _I,
)


# What a DO block says rather than runs: messages (RAISE ... 'text') and comments. Other string
# literals are kept (a string given to EXECUTE is run), and a "--" inside one is no comment.
_DO_TOKENS = re.compile(
    r"(?P<raise>\bRAISE\s+(?:DEBUG|LOG|INFO|NOTICE|WARNING|EXCEPTION\s+)?\s*'(?:[^']|'')*')"
    r"|(?P<literal>'(?:[^']|'')*')"
    r"|(?P<comment>--[^\n]*)",
    _I,
)


def _what_it_runs(text: str) -> str:
    return _DO_TOKENS.sub(lambda m: m.group("literal") or " ", text)


def _do(text: str) -> Facts:
    """A DO block is PL/pgSQL, which migcheck does not analyse: harmless when it only creates
    types or roles or grants (the usual idempotence idiom), not checked when it changes tables
    (a message that only names a statement, ``RAISE EXCEPTION 'run CREATE INDEX ...'``, is no
    change)."""
    found = _DO_CHANGES.search(_what_it_runs(text))
    if found is None:
        return Facts(kind=Kind.OTHER)
    what = " ".join(found.group(1).upper().split())
    return Facts(
        kind=Kind.OTHER,
        parsed=False,
        note=f"a DO block that runs {what} in PL/pgSQL, which migcheck does not analyse",
    )


def _transaction(text: str) -> Facts:
    word = text.split(maxsplit=1)[0].lower()
    verb = {"start": "begin", "end": "commit", "abort": "rollback"}.get(word, word)
    if verb == "rollback" and re.search(r"\bTO\b", text, _I):
        verb = "rollback to savepoint"
    return Facts(kind=Kind.TRANSACTION, actions=[TransactionControl(table=None, verb=verb)])


def _copy(text: str) -> Facts | None:
    match = re.match(rf"^\s*COPY\s+(?P<table>{QNAME})", text, _I)
    if not match or re.search(r"\bTO\b", text.rsplit(")", maxsplit=1)[-1], _I):
        return Facts(kind=Kind.QUERY)
    return Facts(kind=Kind.DML, actions=[Dml(table=_q(match.group("table")), verb="copy")])


def _create(text: str) -> Facts | None:
    domain = re.match(rf"^\s*CREATE\s+DOMAIN\s+(?P<name>{QNAME})", text, _I)
    if domain:
        actions: list[Action] = []
        if re.search(r"\b(CHECK|CONSTRAINT)\b", text, _I) or re.search(r"\bNOT\s+NULL\b", text, _I):
            actions.append(
                DomainConstraint(table=None, domain=_q(domain.group("name")), create=True)
            )
        return Facts(kind=Kind.DDL, actions=actions)
    index = re.match(
        rf"^\s*CREATE\s+(?P<unique>UNIQUE\s+)?INDEX\s+(?P<conc>CONCURRENTLY\s+)?"
        rf"(IF\s+NOT\s+EXISTS\s+)?(?P<name>{NAME}\s+)?ON\s+(ONLY\s+)?(?P<table>{QNAME})",
        text,
        _I,
    )
    if index:
        return Facts(
            kind=Kind.DDL,
            actions=[
                CreateIndex(
                    table=_q(index.group("table")),
                    name=ident(index.group("name")) if index.group("name") else None,
                    unique=bool(index.group("unique")),
                    concurrently=bool(index.group("conc")),
                    partial=bool(re.search(r"\)\s*WHERE\b", text, _I)),
                    only=bool(re.search(r"\bON\s+ONLY\b", text, _I)),
                )
            ],
        )
    matview = re.match(
        rf"^\s*CREATE\s+MATERIALIZED\s+VIEW\s+(IF\s+NOT\s+EXISTS\s+)?(?P<name>{QNAME})",
        text,
        _I,
    )
    if matview:
        # sqlglot leaves `... WITH [NO] DATA` as a Command. A new relation with storage, like a
        # new table: indexes built on it right after its creation block nobody.
        return Facts(
            kind=Kind.DDL, actions=[CreateTable(table=_q(matview.group("name")), as_select=True)]
        )
    trigger = re.match(
        rf"^\s*CREATE\s+(OR\s+REPLACE\s+)?(CONSTRAINT\s+)?TRIGGER\s+{NAME}.*?\bON\s+(?P<table>{QNAME})",
        text,
        _I,
    )
    if trigger:
        return _lock_only(
            Kind.DDL, _q(trigger.group("table")), "CREATE TRIGGER", LockMode.SHARE_ROW_EXCLUSIVE
        )
    return None


def _alter(text: str) -> Facts | None:
    enum = re.match(
        rf"^\s*ALTER\s+TYPE\s+(?P<name>{QNAME})\s+ADD\s+VALUE\s+(IF\s+NOT\s+EXISTS\s+)?'(?P<value>(?:[^']|'')*)'",
        text,
        _I,
    )
    if enum:
        return Facts(
            kind=Kind.DDL,
            actions=[
                AddEnumValue(
                    table=None, type_name=_q(enum.group("name")), value=enum.group("value")
                )
            ],
        )
    domain = re.match(rf"^\s*ALTER\s+DOMAIN\s+(?P<name>{QNAME})\s+(?P<rest>.*)$", text, _I)
    if domain:
        rest = domain.group("rest")
        if re.match(r"ADD\b", rest, _I) or re.match(r"SET\s+NOT\s+NULL\b", rest, _I):
            return Facts(
                kind=Kind.DDL,
                actions=[
                    DomainConstraint(
                        table=None,
                        domain=_q(domain.group("name")),
                        create=False,
                        not_valid=bool(re.search(r"\bNOT\s+VALID\b", rest, _I)),
                    )
                ],
            )
        return Facts(kind=Kind.DDL)
    index = re.match(
        rf"^\s*ALTER\s+INDEX\s+(IF\s+EXISTS\s+)?(?P<name>{QNAME})\s+(?P<rest>.*)$", text, _I
    )
    if index:
        rest = index.group("rest")
        if re.match(r"SET\s+TABLESPACE\b", rest, _I):
            return Facts(
                kind=Kind.DDL,
                actions=[RewriteTable(table=None, command="ALTER INDEX ... SET TABLESPACE")],
            )
        return Facts(kind=Kind.DDL)
    table = re.match(
        rf"^\s*ALTER\s+(?P<what>TABLE|MATERIALIZED\s+VIEW)\s+(IF\s+EXISTS\s+)?(ONLY\s+)?"
        rf"(?P<name>{QNAME})\s*\*?\s+(?P<rest>.*)$",
        text,
        _I,
    )
    if table:
        name = _q(table.group("name"))
        actions: list[Action] = []
        for sub in _split_commas(table.group("rest")):
            actions.extend(alter_table_subcommand(name, sub.strip()))
        return Facts(kind=Kind.DDL, actions=actions)
    return None


# The one-subcommand statements being given back to sqlglot right now. sqlglot returns a
# ``Command`` for a form it does not know ("ADD CHECK (...)" without a name), which comes back
# here with the same text: without this guard that recursed until the stack overflowed.
_IN_PROGRESS: set[str] = set()


def alter_table_subcommand(table: str, sub: str) -> list[Action]:
    """One ALTER TABLE subcommand: sqlglot first, then the forms it does not know."""
    from migcheck.analysis.parse import analyze  # circular: parse uses this module

    single = f"ALTER TABLE {table} {sub}"
    facts = None
    if not _FALLBACK_ONLY.match(sub) and single not in _IN_PROGRESS:
        _IN_PROGRESS.add(single)
        try:
            facts = analyze(single)
        finally:
            _IN_PROGRESS.discard(single)
    if facts is not None and facts.parsed and facts.actions:
        return facts.actions
    return _subcommand_by_keywords(table, sub)


_ALTER_TABLE_HEAD = re.compile(
    rf"^\s*ALTER\s+TABLE\s+(IF\s+EXISTS\s+)?(ONLY\s+)?{QNAME}\s*\*?\s+(?P<rest>.*)$", _I
)


def count_alter_subcommands(text: str) -> int | None:
    """How many comma-separated subcommands an ALTER TABLE has (None: not an ALTER TABLE)."""
    match = _ALTER_TABLE_HEAD.match(text)
    if not match:
        return None
    rest = match.group("rest")
    if re.match(r"RENAME\b", rest, _I):
        return 1
    return len([part for part in _split_commas(rest) if part.strip()])


_FALLBACK_ONLY = re.compile(
    r"^(VALIDATE|DETACH|ATTACH|SET\s+(TABLESPACE|LOGGED|UNLOGGED|ACCESS\s+METHOD|SCHEMA|WITHOUT)|"
    r"ALTER\s+(COLUMN\s+)?\S+\s+(SET\s+NOT\s+NULL|DROP\s+NOT\s+NULL|SET\s+STATISTICS|SET\s+STORAGE|"
    r"SET\s*\(|RESET\s*\(|ADD\s+GENERATED|SET\s+GENERATED|DROP\s+IDENTITY|DROP\s+EXPRESSION|"
    r"SET\s+COMPRESSION)|ADD\s+(CONSTRAINT\s+\S+\s+)?(UNIQUE|PRIMARY\s+KEY)\s+USING\s+INDEX)",
    _I,
)


def _subcommand_by_keywords(table: str, sub: str) -> list[Action]:
    upper = " ".join(sub.upper().split())
    m = re.match(rf"^VALIDATE\s+CONSTRAINT\s+(?P<name>{NAME})", sub, _I)
    if m:
        return [ValidateConstraint(table=table, name=ident(m.group("name")))]
    m = re.match(
        rf"^ADD\s+(CONSTRAINT\s+(?P<name>{NAME})\s+)?(?P<kind>UNIQUE|PRIMARY\s+KEY)\s+USING\s+INDEX\s+(?P<index>{NAME})",
        sub,
        _I,
    )
    if m:
        kind = (
            ConstraintKind.UNIQUE
            if m.group("kind").upper() == "UNIQUE"
            else ConstraintKind.PRIMARY_KEY
        )
        return [
            AddConstraint(
                table=table,
                name=ident(m.group("name")) if m.group("name") else None,
                kind=kind,
                using_index=ident(m.group("index")),
            )
        ]
    m = re.match(
        rf"^DETACH\s+PARTITION\s+(?P<part>{QNAME})\s*(?P<mode>CONCURRENTLY|FINALIZE)?", sub, _I
    )
    if m:
        mode = (m.group("mode") or "").upper()
        return [
            DetachPartition(
                table=table,
                partition=_q(m.group("part")),
                concurrently=mode == "CONCURRENTLY",
                finalize=mode == "FINALIZE",
            )
        ]
    constraint = _add_constraint_by_keywords(table, sub)
    if constraint is not None:
        return [constraint]
    m = re.match(rf"^ATTACH\s+PARTITION\s+(?P<part>{QNAME})", sub, _I)
    if m:
        return [AttachPartition(table=table, partition=_q(m.group("part")))]
    if upper.startswith("SET TABLESPACE"):
        return [RewriteTable(table=table, command="SET TABLESPACE")]
    if upper.startswith("SET LOGGED") or upper.startswith("SET UNLOGGED"):
        return [RewriteTable(table=table, command=" ".join(upper.split()[:2]))]
    if upper.startswith("SET ACCESS METHOD"):
        return [RewriteTable(table=table, command="SET ACCESS METHOD")]
    m = re.match(rf"^ALTER\s+(COLUMN\s+)?(?P<col>{NAME})\s+(?P<rest>.*)$", sub, _I)
    if m:
        column = ident(m.group("col"))
        rest = " ".join(m.group("rest").upper().split())
        if rest.startswith("SET NOT NULL"):
            return [SetNotNull(table=table, column=column)]
        if rest.startswith("DROP NOT NULL"):
            return [DropNotNull(table=table, column=column)]
        if rest.startswith(("SET STATISTICS", "SET (", "RESET (", "SET(", "RESET(")):
            return [
                OtherTableChange(
                    table=table,
                    description=f"ALTER COLUMN {column} {rest.split('(')[0].strip()}",
                    lock=LockMode.SHARE_UPDATE_EXCLUSIVE,
                )
            ]
        if rest.startswith("ADD GENERATED"):
            return [
                OtherTableChange(
                    table=table, description=f"ALTER COLUMN {column} ADD GENERATED ... AS IDENTITY"
                )
            ]
        return [OtherTableChange(table=table, description=f"ALTER COLUMN {column} {rest[:40]}")]
    for prefix, lock in (
        ("ENABLE TRIGGER", LockMode.SHARE_ROW_EXCLUSIVE),
        ("DISABLE TRIGGER", LockMode.SHARE_ROW_EXCLUSIVE),
        ("ENABLE REPLICA TRIGGER", LockMode.SHARE_ROW_EXCLUSIVE),
        ("ENABLE ALWAYS TRIGGER", LockMode.SHARE_ROW_EXCLUSIVE),
        ("CLUSTER ON", LockMode.SHARE_UPDATE_EXCLUSIVE),
        ("SET WITHOUT CLUSTER", LockMode.SHARE_UPDATE_EXCLUSIVE),
        ("SET (", LockMode.SHARE_UPDATE_EXCLUSIVE),
        ("RESET (", LockMode.SHARE_UPDATE_EXCLUSIVE),
        ("SET STATISTICS", LockMode.SHARE_UPDATE_EXCLUSIVE),
        ("VALIDATE", LockMode.SHARE_UPDATE_EXCLUSIVE),
    ):
        if upper.startswith(prefix):
            return [OtherTableChange(table=table, description=prefix, lock=lock)]
    return [OtherTableChange(table=table, description=" ".join(upper.split()[:3]))]


_ADD_CONSTRAINT = re.compile(
    rf"^ADD\s+(CONSTRAINT\s+(?P<name>{NAME})\s+)?"
    r"(?P<kind>CHECK|FOREIGN\s+KEY|UNIQUE|PRIMARY\s+KEY|EXCLUDE)\b(?P<body>.*)$",
    _I,
)


def _add_constraint_by_keywords(table: str, sub: str) -> AddConstraint | None:
    """``ADD [CONSTRAINT name] CHECK (...) | FOREIGN KEY (...) REFERENCES t | UNIQUE (...) |
    PRIMARY KEY (...) | EXCLUDE ...`` [NOT VALID], for the forms sqlglot does not parse."""
    m = _ADD_CONSTRAINT.match(sub.strip())
    if not m:
        return None
    word = " ".join(m.group("kind").upper().split())
    body = m.group("body")
    not_valid = bool(re.search(r"\bNOT\s+VALID\s*$", body, _I))
    name = ident(m.group("name")) if m.group("name") else None
    columns = _leading_columns(body)
    if word == "CHECK":
        check = _leading_parenthesised(body)
        return AddConstraint(
            table=table, name=name, kind=ConstraintKind.CHECK, check=check, not_valid=not_valid
        )
    if word == "FOREIGN KEY":
        ref = re.search(rf"\bREFERENCES\s+(?P<ref>{QNAME})", body, _I)
        return AddConstraint(
            table=table,
            name=name,
            kind=ConstraintKind.FOREIGN_KEY,
            columns=columns,
            references=_q(ref.group("ref")) if ref else None,
            ref_columns=_leading_columns(body[ref.end() :]) if ref else (),
            not_valid=not_valid,
        )
    if word == "EXCLUDE":
        return AddConstraint(table=table, name=name, kind=ConstraintKind.EXCLUDE)
    kind = ConstraintKind.UNIQUE if word == "UNIQUE" else ConstraintKind.PRIMARY_KEY
    return AddConstraint(table=table, name=name, kind=kind, columns=columns)


def _leading_parenthesised(body: str) -> str | None:
    """The text inside the first balanced parentheses of ``body``."""
    start = body.find("(")
    if start == -1:
        return None
    depth = 0
    for index in range(start, len(body)):
        if body[index] == "(":
            depth += 1
        elif body[index] == ")":
            depth -= 1
            if depth == 0:
                return body[start + 1 : index].strip()
    return None


def _leading_columns(body: str) -> tuple[str, ...]:
    inside = _leading_parenthesised(body)
    if inside is None or not body.lstrip().startswith("("):
        return ()
    return tuple(ident(part) for part in _split_commas(inside) if part.strip())


def _split_commas(text: str) -> list[str]:
    """Split at commas outside parentheses, quotes and dollar quotes."""
    parts: list[str] = []
    depth = 0
    current: list[str] = []
    i = 0
    quote: str | None = None
    while i < len(text):
        char = text[i]
        if quote:
            current.append(char)
            if text.startswith(quote, i):
                if len(quote) > 1:
                    current.append(text[i + 1 : i + len(quote)])
                    i += len(quote) - 1
                quote = None
        elif char in ("'", '"'):
            quote = char
            current.append(char)
        elif char == "$":
            dollar = re.match(r"\$[A-Za-z_0-9]*\$", text[i:])
            if dollar:
                quote = dollar.group(0)
                current.append(quote)
                i += len(quote) - 1
            else:
                current.append(char)
        elif char == "(":
            depth += 1
            current.append(char)
        elif char == ")":
            depth -= 1
            current.append(char)
        elif char == "," and depth == 0:
            parts.append("".join(current))
            current = []
        else:
            current.append(char)
        i += 1
    if "".join(current).strip():
        parts.append("".join(current))
    return parts


def _set(text: str) -> Facts | None:
    """``SET [SESSION | LOCAL] name {TO | =} value[, ...]``, for the forms sqlglot leaves as a
    command (a list value: ``SET search_path TO app, public``)."""
    zone = re.match(
        r"^\s*SET\s+(?P<scope>SESSION\s+|LOCAL\s+)?TIME\s+ZONE\s+(?P<value>.+)$", text, _I
    )
    if zone:
        scope = (zone.group("scope") or "").strip().upper()
        value = zone.group("value").strip().strip("'\"")
        return Facts(
            kind=Kind.SESSION,
            actions=[SetSetting(table=None, name="timezone", value=value, local=scope == "LOCAL")],
        )
    schema = re.match(r"^\s*SET\s+(?P<scope>SESSION\s+|LOCAL\s+)?SCHEMA\s+(?P<value>.+)$", text, _I)
    if schema:  # SET SCHEMA 'x' is SET search_path TO 'x'
        scope = (schema.group("scope") or "").strip().upper()
        return Facts(
            kind=Kind.SESSION,
            actions=[
                SetSetting(
                    table=None,
                    name="search_path",
                    value=schema.group("value").strip(),
                    local=scope == "LOCAL",
                )
            ],
        )
    if _HARMLESS.match(text):
        return None  # SET ROLE, SET TRANSACTION, SET CONSTRAINTS, ...
    match = re.match(
        r"^\s*SET\s+(?P<scope>SESSION\s+|LOCAL\s+)?(?P<name>[A-Za-z_][A-Za-z0-9_.]*)\s*"
        r"(?:=|\bTO\b)\s*(?P<value>.+)$",
        text,
        _I,
    )
    if not match:
        return None
    return Facts(
        kind=Kind.SESSION,
        actions=[
            SetSetting(
                table=None,
                name=match.group("name").lower(),
                value=match.group("value").strip().strip("'"),
                local=(match.group("scope") or "").strip().upper() == "LOCAL",
            )
        ],
    )


def _reset(text: str) -> Facts | None:
    match = re.match(r"^\s*RESET\s+(?P<name>[A-Za-z_][A-Za-z0-9_.]*)\s*$", text, _I)
    if not match:
        return None
    # RESET name (or RESET ALL) goes back to the server's default: for lock_timeout, none.
    return Facts(
        kind=Kind.SESSION,
        actions=[SetSetting(table=None, name=match.group("name").lower(), value=None)],
    )


_SET_CONFIG = re.compile(
    r"\bset_config\s*\(\s*'(?P<name>[A-Za-z_.]+)'\s*,\s*'(?P<value>[^']*)'\s*,\s*"
    r"(?P<local>true|false|'t'|'f'|'true'|'false')\s*\)",
    _I,
)


def set_config_calls(text: str) -> list[SetSetting]:
    """``SELECT set_config('lock_timeout', '2s', false)`` is SET (``true``: SET LOCAL)."""
    return [
        SetSetting(
            table=None,
            name=m.group("name").lower(),
            value=m.group("value"),
            local=m.group("local").strip("'").lower() in ("true", "t"),
        )
        for m in _SET_CONFIG.finditer(text)
    ]


# Statements classified here before sqlglot sees them (it misreads them as expressions).
# psql's \c / \connect, kept by the .sql splitter as a statement of its own: a new session.
CONNECT_COMMAND = re.compile(r"^\s*\\(c|connect)\b")

KEYWORD_FIRST = frozenset(
    {"BEGIN", "START", "COMMIT", "END", "ROLLBACK", "ABORT", "SAVEPOINT", "RELEASE", "RESET"}
)

_HANDLERS = {
    "VACUUM": _vacuum,
    "ANALYZE": _analyze,
    "ANALYSE": _analyze,
    "CLUSTER": _cluster,
    "REPACK": _repack,
    "REINDEX": _reindex,
    "LOCK": _lock,
    "REFRESH": _refresh,
    "BEGIN": _transaction,
    "START": _transaction,
    "COMMIT": _transaction,
    "END": _transaction,
    "ROLLBACK": _transaction,
    "ABORT": _transaction,
    "SAVEPOINT": _transaction,
    "RELEASE": _transaction,
    "COPY": _copy,
    "RESET": _reset,
    "SET": _set,
    "CREATE": _create,
    "ALTER": _alter,
    "COMMENT": comment_on,
    "DO": _do,
}
