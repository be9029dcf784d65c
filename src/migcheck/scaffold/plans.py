"""Expand-contract plans: the revisions that rename a column or a table with no downtime.

A plan is plain data: a list of :class:`RevisionPlan`, each with the Python body of its
``upgrade()`` and ``downgrade()`` and the deploy step that must happen before the next one.
:mod:`migcheck.scaffold.writer` turns it into revision files.

Column rename (what runs while which application version is deployed):

1. **expand** (old code running): add NEW (same type, nullable, no default, so no rewrite), and
   a trigger that keeps OLD and NEW equal on every INSERT and UPDATE, whichever side the
   application wrote. From here on old and new code can run side by side.
2. **backfill**: copy OLD into NEW in batches, each batch its own transaction (a DO block that
   COMMITs, in ``autocommit_block()``); resumable, only row locks on one batch at a time.
3. **constraints**: indexes and unique indexes on NEW built CONCURRENTLY; UNIQUE constraints
   attached USING INDEX; CHECK and FOREIGN KEY constraints (both directions) added NOT VALID;
   ``CHECK (new IS NOT NULL) NOT VALID`` when OLD is NOT NULL.
4. **validate**: VALIDATE every NOT VALID constraint (SHARE UPDATE EXCLUSIVE: traffic goes on),
   then SET NOT NULL, instant thanks to the validated check (PostgreSQL 12+).
5. **contract** (only after every instance runs code that uses NEW): drop the trigger, move the
   default and the sequence to NEW, swap the primary key if OLD was in it, drop OLD.

The default moves to NEW only in the contract revision: while both columns exist, an INSERT
that omits NEW must get OLD's value through the trigger, not NEW's default.

Every downgrade brings back the state before its upgrade, so any prefix of the sequence can be
rolled back (the contract's downgrade restores OLD with its constraints, and the trigger).
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from migcheck.errors import MigcheckError
from migcheck.scaffold.introspect import ColumnInfo, ConstraintInfo, IndexInfo, TableInfo

MAX_IDENTIFIER = 63
LOCK_TIMEOUT = "2s"
INTEGER_TYPES = ("smallint", "integer", "bigint")


@dataclass(slots=True)
class RevisionPlan:
    slug: str
    message: str
    docstring: str  # what it does, and the deploy step that must come after it
    upgrade: list[str] = field(default_factory=list)  # lines of the function body
    downgrade: list[str] = field(default_factory=list)
    module_constants: list[str] = field(default_factory=list)
    needs_sa: bool = False


# --------------------------------------------------------------------------- identifiers

# Every keyword PostgreSQL's quote_ident() quotes (all but the unreserved ones), so a name we
# print bare is never read as a keyword.
_KEYWORD_TEXT = """
    all analyse analyze and any array as asc asymmetric authorization between bigint binary bit
    boolean both case cast char character check coalesce collate collation column concurrently
    constraint create cross current_catalog current_date current_role current_schema
    current_time current_timestamp current_user dec decimal default deferrable desc distinct do
    else end except exists extract false fetch float for foreign freeze from full grant
    greatest group grouping having ilike in initially inner inout int integer intersect
    interval into is isnull join json json_array json_arrayagg json_exists json_object
    json_objectagg json_query json_scalar json_serialize json_table json_value lateral leading
    least left like limit localtime localtimestamp merge_action national natural nchar none
    normalize not notnull null nullif numeric offset on only or order out outer overlaps overlay
    placing position precision primary real references returning right row select
    session_user setof similar smallint some substring symmetric system_user table tablesample
    then time timestamp to trailing treat trim true union unique user using values varchar
    variadic verbose when where window with xmlattributes xmlconcat xmlelement xmlexists
    xmlforest xmlnamespaces xmlparse xmlpi xmlroot xmlserialize xmltable
"""
_KEYWORDS = frozenset(_KEYWORD_TEXT.split())
_SIMPLE = re.compile(r"[a-z_][a-z0-9_$]*")


def quote(name: str) -> str:
    """An identifier as SQL needs it: bare when it can be, else double-quoted."""
    if _SIMPLE.fullmatch(name) and name not in _KEYWORDS:
        return name
    return '"' + name.replace('"', '""') + '"'


def _qualified(name: str) -> str:
    return ".".join(quote(part) for part in name.split("."))


def _literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def short_name(*parts: str, suffix: str = "") -> str:
    """``parts`` joined by ``_``, shortened with a hash to fit 63 bytes."""
    name = "_".join(p for p in parts if p) + (f"_{suffix}" if suffix else "")
    if len(name.encode()) <= MAX_IDENTIFIER:
        return name
    digest = hashlib.sha1(name.encode()).hexdigest()[:8]
    room = MAX_IDENTIFIER - len(digest) - 1 - (len(suffix.encode()) + 1 if suffix else 0)
    head = name.encode()[:room].decode(errors="ignore").rstrip("_")
    return head + "_" + digest + (f"_{suffix}" if suffix else "")


def _plain(*parts: str) -> list[str]:
    """Names made of ours read best plain: ``User Accounts`` -> ``user_accounts``."""
    return [re.sub(r"[^a-z0-9_]+", "_", part.lower()).strip("_") or "x" for part in parts]


class _Names:
    """Names for the objects built on NEW: OLD's names with the column swapped, never one that
    is already taken in the schema (relations) or on the table (constraints)."""

    def __init__(self, table: TableInfo) -> None:
        self.taken = set(table.relation_names)
        self.taken |= {c.name for c in table.constraints}
        self.taken |= {c.name for c in table.referencing}
        self.taken |= {ix.name for ix in table.indexes}

    def renamed(self, name: str, old: str, new: str) -> str:
        """``uq_users_email`` -> ``uq_users_email_address``; else ``name_new``."""
        pattern = rf"(?<![A-Za-z0-9]){re.escape(old)}(?![A-Za-z0-9])"
        swapped = re.sub(pattern, lambda _: new, name)
        return self.fresh(short_name(swapped) if swapped != name else short_name(name, suffix=new))

    def fresh(self, name: str) -> str:
        candidate, number = name, 1
        while candidate in self.taken:
            number += 1
            candidate = short_name(name, suffix=str(number))
        self.taken.add(candidate)
        return candidate


# --------------------------------------------------------------------------- SQL text

_STRING_LITERAL = re.compile(r"'(?:[^']|'')*'")


def _swap_column(text: str, old: str, new: str) -> str:
    """Replace the column ``old`` by ``new`` in SQL text from pg_get_*def: bare or quoted
    occurrences, but not inside string literals, not a ``::type`` cast, a qualified name or a
    function call of the same name."""
    quoted_old = '"' + old.replace('"', '""') + '"'
    bare = (
        re.compile(rf'(?<![\w."$:]){re.escape(old)}(?![\w"$])(?!\s*\()')
        if _SIMPLE.fullmatch(old)
        else None
    )

    def swap(code: str) -> str:
        code = code.replace(quoted_old, quote(new))
        return bare.sub(lambda _: quote(new), code) if bare else code

    parts: list[str] = []
    position = 0
    for match in _STRING_LITERAL.finditer(text):
        parts += [swap(text[position : match.start()]), match.group()]
        position = match.end()
    parts.append(swap(text[position:]))
    return "".join(parts)


def _mentions(sql: str, column: str) -> bool:
    return _swap_column(sql, column, "\0") != sql


_FOREIGN_KEY = re.compile(
    r"^FOREIGN KEY \((?P<columns>[^)]*)\) REFERENCES (?P<target>.+?)\((?P<referenced>[^)]*)\)"
    r"(?P<rest>.*)$",
    re.DOTALL,
)


def _swap_foreign_key(definition: str, old: str, new: str, *, side: str) -> str:
    """In ``FOREIGN KEY (a) REFERENCES t(b) ON DELETE SET NULL (a)``: ``side="columns"``
    swaps the constrained columns (``a``, also in SET NULL / SET DEFAULT lists),
    ``side="referenced"`` only the referenced ones (``b``)."""
    match = _FOREIGN_KEY.match(definition)
    if match is None:
        raise MigcheckError(f"cannot read the foreign key definition {definition!r}")
    columns, target, referenced, rest = match.group("columns", "target", "referenced", "rest")
    if side == "columns":
        columns = _swap_column(columns, old, new)
        rest = re.sub(
            r"SET (NULL|DEFAULT) \(([^)]*)\)",
            lambda m: f"SET {m.group(1)} ({_swap_column(m.group(2), old, new)})",
            rest,
        )
    else:
        referenced = _swap_column(referenced, old, new)
    return f"FOREIGN KEY ({columns}) REFERENCES {target}({referenced}){rest}"


def _constraint_on_new(constraint: ConstraintInfo, old: str, new: str) -> str:
    if constraint.kind == "f":
        return _swap_foreign_key(constraint.definition, old, new, side="columns")
    return _swap_column(constraint.definition, old, new)


def _index_sql(index: IndexInfo, new_name: str, old: str, new: str) -> str:
    """``CREATE [UNIQUE] INDEX CONCURRENTLY IF NOT EXISTS new_name ON ... (new ...)``."""
    match = re.match(r"^CREATE (UNIQUE )?INDEX (\S+) ON (.*)$", index.definition, re.DOTALL)
    if not match:
        raise MigcheckError(f"cannot read the definition of index {index.name}: {index.definition}")
    unique, _, rest = match.groups()
    on_part, _, using_part = rest.partition(" USING ")
    return (
        f"CREATE {unique or ''}INDEX CONCURRENTLY IF NOT EXISTS {quote(new_name)} ON {on_part} "
        f"USING {_swap_column(using_part, old, new)}"
    )


def _renamed_index_sql(index: IndexInfo, name: str) -> str:
    """The index's own definition under another name (built inside a transaction)."""
    return re.sub(
        r"^(CREATE (?:UNIQUE )?INDEX )\S+", lambda m: m.group(1) + quote(name), index.definition
    )


def _leads_an_index(table: TableInfo, columns: tuple[str, ...]) -> bool:
    return any(set(ix.columns[: len(columns)]) == set(columns) for ix in table.indexes)


def _index_uses(index: IndexInfo, column: str) -> bool:
    # Only what follows USING: the index name and the table name are not columns.
    return column in index.columns or _mentions(index.definition.partition(" USING ")[2], column)


def _deferrable(definition: str) -> str:
    """`` DEFERRABLE INITIALLY DEFERRED`` of a UNIQUE constraint, to keep it on NEW's."""
    match = re.search(r"\s(DEFERRABLE(?: INITIALLY (?:DEFERRED|IMMEDIATE))?)$", definition)
    return f" {match.group(1)}" if match else ""


def _py(text: str) -> str:
    """A Python string literal for SQL text (double quotes, as ruff formats)."""
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
    return '"' + escaped + '"'


# What sqlalchemy.text() (which op.execute() wraps a string in) takes for a bind parameter.
_BIND = re.compile(r"(?<![:\w\\]):(\w+)(?!:)")


def _execute(sql: str, indent: str = "    ") -> list[str]:
    """``op.execute("...")``, wrapped like a formatter would when it is long. A ``:word`` in
    text read from the database (a comment ``e.g. ':admin'``, a CHECK) is escaped: text()
    would take it for a bind parameter and fail for want of a value."""
    sql = _BIND.sub(lambda match: "\\:" + match.group(1), sql)
    single = f"{indent}op.execute({_py(sql)})"
    if len(single) <= 99:
        return [single]
    words = sql.split(" ")
    lines: list[str] = []
    current = ""
    width = 99 - len(indent) - 8
    for word in words:
        candidate = f"{current} {word}" if current else word
        if len(candidate) > width and current:
            lines.append(current + " ")
            current = word
        else:
            current = candidate
    lines.append(current)
    body = [f"{indent}    {_py(part)}" for part in lines]
    return [f"{indent}op.execute(", *body, f"{indent})"]


def _comment(text: str, indent: str = "    ") -> list[str]:
    """A ``#`` comment, wrapped at 99 columns."""
    lines: list[str] = []
    current = ""
    for word in text.split():
        if current and len(indent) + 2 + len(current) + 1 + len(word) > 99:
            lines.append(current)
            current = word
        else:
            current = f"{current} {word}" if current else word
    lines.append(current)
    return [f"{indent}# {line}" for line in lines]


# --------------------------------------------------------------------------- column rename


def _refuse_unsupported(table: TableInfo, old: str, new: str, pg_version: int) -> ColumnInfo:
    """One clear line for what the expand-contract sequence cannot do (before writing files)."""
    where = table.qualified
    if old not in table.columns:
        if new in table.columns:
            # The usual way here: lint flagged a revision's rename-column and said to run this.
            raise MigcheckError(
                f"{where} has {new!r} and no {old!r} at the head revision: a revision renames it "
                f"already; remove that rename (op.alter_column(..., new_column_name={new!r})) "
                "and run this again"
            )
        known = ", ".join(table.columns)
        raise MigcheckError(f"{where} has no column {old!r} (columns: {known})")
    if old == new:
        raise MigcheckError(f"{where}.{old}: the new name is the old one")
    if new in table.columns:
        raise MigcheckError(f"{where} already has a column {new!r}")
    if len(new.encode()) > MAX_IDENTIFIER:
        raise MigcheckError(f"column name {new!r} is longer than {MAX_IDENTIFIER} bytes")
    column = table.columns[old]
    if column.identity:
        raise MigcheckError(
            f"{where}.{old} is an identity column; an expand-contract rename would need a "
            "second identity (not supported): rename it in a maintenance window"
        )
    if column.generated:
        raise MigcheckError(
            f"{where}.{old} is a generated column: add {new} with the same generation "
            f"expression and drop {old} later instead (not generated by migcheck rename)"
        )
    derived = [
        c.name for c in table.columns.values() if c.generated and _mentions(c.default or "", old)
    ]
    if derived:
        raise MigcheckError(
            f"generated column(s) {', '.join(derived)} of {where} are computed from {old}: "
            f"redefine them on {new} by hand first (not generated by migcheck rename)"
        )
    views = [view for view, columns in table.dependent_views.items() if old in columns]
    if views:
        raise MigcheckError(
            f"views use {where}.{old}: {', '.join(views)}; they would block dropping {old}: "
            f"recreate them on {new} by hand before the contract revision (not generated)"
        )
    if table.blockers.get(old):
        raise MigcheckError(
            f"{', '.join(table.blockers[old])} depend(s) on {where}.{old} and would block "
            f"dropping it: move them to {new} by hand first (not generated by migcheck rename)"
        )
    exclusions = [c.name for c in table.constraints if c.kind == "x" and old in c.columns]
    if exclusions:
        raise MigcheckError(
            f"exclusion constraint(s) {', '.join(exclusions)} use {where}.{old}; they cannot be "
            "rebuilt CONCURRENTLY, so the rename cannot avoid a long ACCESS EXCLUSIVE lock"
        )
    if table.partitioned:
        raise MigcheckError(
            f"{where} is partitioned: indexes cannot be built CONCURRENTLY on a partitioned "
            "table; rename the column partition by partition (not generated by migcheck rename)"
        )
    if pg_version < 12:
        raise MigcheckError(
            f"PostgreSQL {pg_version}: SET NOT NULL cannot use a validated CHECK before 12, so "
            "the plan cannot avoid a full scan under ACCESS EXCLUSIVE"
        )
    return column


def plan_column_rename(
    table: TableInfo, old: str, new: str, *, batch_size: int, pg_version: int
) -> list[RevisionPlan]:
    column = _refuse_unsupported(table, old, new, pg_version)
    t = _qualified(table.qualified)
    o, n = quote(old), quote(new)
    names = _Names(table)
    schema_prefix = "" if table.schema == "public" else f"{quote(table.schema)}."
    function_name = names.fresh(short_name(*_plain(table.name, old, new), suffix="sync"))
    function = schema_prefix + quote(function_name)
    trigger = quote(function_name)
    not_null_check = quote(
        names.fresh(short_name("ck", *_plain(table.name, new), suffix="not_null"))
    )
    lock = f"SET LOCAL lock_timeout = '{LOCK_TIMEOUT}'"
    column_type = column.type + (f" {column.collation}" if column.collation else "")
    step = f"renaming {table.qualified}.{old} to {new}"
    sync_function = _sync_function(function, old, new)
    create_trigger = (
        f"CREATE TRIGGER {trigger} BEFORE INSERT OR UPDATE ON {t} "
        f"FOR EACH ROW EXECUTE FUNCTION {function}()"
    )
    plans: list[RevisionPlan] = []

    # 1. expand ------------------------------------------------------------------
    other_triggers = (
        f"\n\nOther triggers on {table.qualified} ({', '.join(table.triggers)}): BEFORE triggers "
        "fire in name order; one that changes "
        f"{old} after this one fires would leave {new} behind, so check them."
        if table.triggers
        else ""
    )
    expand = RevisionPlan(
        slug=f"expand_{table.name}_{old}_to_{new}",
        message=f"expand: add {table.name}.{new} kept in sync with {old}",
        docstring=(
            f"Step 1/5 of {step} (generated by migcheck rename).\n\n"
            f"Adds {new} ({column_type}, nullable, no default: no table rewrite) and a trigger "
            f"that keeps {old} and {new} equal on every INSERT and UPDATE, whichever one the "
            f"application writes.{other_triggers}\n\n"
            f"Deploy next: application code that reads and writes {new} (it may keep writing "
            f"{old} too). Old and new code can run side by side from here on."
        ),
        module_constants=[f'SYNC_FUNCTION = """\n{sync_function}\n"""'],
    )
    expand.upgrade += _execute(lock)
    expand.upgrade += _execute(f"ALTER TABLE {t} ADD COLUMN {n} {column_type}")
    if column.comment is not None:  # the column's documentation goes with it
        expand.upgrade += _execute(f"COMMENT ON COLUMN {t}.{n} IS {_literal(column.comment)}")
    expand.upgrade.append("    op.execute(SYNC_FUNCTION)")
    expand.upgrade += _execute(create_trigger)
    expand.downgrade += _execute(lock)
    expand.downgrade += _execute(f"DROP TRIGGER IF EXISTS {trigger} ON {t}")
    expand.downgrade += _execute(f"DROP FUNCTION IF EXISTS {function}()")
    expand.downgrade += _execute(f"ALTER TABLE {t} DROP COLUMN IF EXISTS {n}")
    plans.append(expand)

    # 2. backfill ----------------------------------------------------------------
    key = table.primary_key[0] if len(table.primary_key) == 1 else None
    if key is not None and table.columns[key].type in INTEGER_TYPES:
        how = f"by ranges of {key}"
        loop = _backfill_by_key(t, o, n, quote(key), batch_size)
    else:
        how = "by ranges of pages (ctid: the table has no integer primary key)"
        if pg_version < 14:
            how += "; before PostgreSQL 14 each batch scans the table to find its pages"
        loop = _backfill_by_pages(t, o, n, batch_size)
    backfill = RevisionPlan(
        slug=f"backfill_{table.name}_{new}",
        message=f"backfill: copy {table.name}.{old} into {new} in batches",
        docstring=(
            f"Step 2/5 of {step}.\n\n"
            f"Copies {old} into {new} in batches of about {batch_size} rows, {how}. Each batch "
            "is its own transaction (PostgreSQL 11+ lets a DO block COMMIT outside a "
            "transaction block), so only the rows of one batch are locked at a time. Safe to "
            "re-run: rows already copied are skipped.\n\n"
            "No deploy step is needed before the next revision."
        ),
        module_constants=[f'BACKFILL = """\n{loop}\n"""'],
    )
    backfill.upgrade += [
        "    with op.get_context().autocommit_block():",
        "        op.execute(BACKFILL)",
    ]
    backfill.downgrade += [f"    pass  # {new} is dropped by the expand revision's downgrade"]
    plans.append(backfill)

    # 3. constraints -------------------------------------------------------------
    constraints = RevisionPlan(
        slug=f"constraints_{table.name}_{new}",
        message=f"constraints: indexes and constraints of {old} on {new}",
        docstring=(
            f"Step 3/5 of {step}.\n\n"
            f"Rebuilds on {new} what {old} has: indexes built CONCURRENTLY (outside the "
            "transaction), UNIQUE constraints attached USING INDEX, CHECK and FOREIGN KEY "
            "constraints added NOT VALID (validated by the next revision, in another "
            "transaction)."
            + (
                f" The primary key moves to {new}'s unique index in the contract revision."
                if old in table.primary_key
                else ""
            )
            + "\n\nNo deploy step is needed before the next revision."
        ),
    )
    new_index_of: dict[str, str] = {}  # OLD's index -> its twin on NEW
    attach: list[str] = []
    for index in table.indexes:
        if not _index_uses(index, old):
            continue
        new_name = names.renamed(index.name, old, new)
        new_index_of[index.name] = new_name
        if len(new_index_of) == 1:
            constraints.upgrade.append("    with op.get_context().autocommit_block():")
        constraints.upgrade += _execute(_index_sql(index, new_name, old, new), indent="        ")
        if index.constraint and not index.primary:
            unique = next((c for c in table.constraints if c.name == index.constraint), None)
            # USING INDEX gives the index the constraint's name: keep the one it already has.
            attach.append(
                f"ALTER TABLE {t} ADD CONSTRAINT {quote(new_name)} UNIQUE USING INDEX "
                f"{quote(new_name)}{_deferrable(unique.definition if unique else '')}"
            )
    if new_index_of:
        # A failed CREATE INDEX CONCURRENTLY leaves an INVALID index that IF NOT EXISTS would
        # then skip: stop here rather than contract onto an index that is never used.
        constraints.module_constants.append(
            f'CHECK_INDEXES = """\n{_assert_valid_indexes(table, list(new_index_of.values()))}\n"""'
        )
        constraints.upgrade.append("    op.execute(CHECK_INDEXES)")
    not_valid: list[tuple[str, str]] = []  # (table, constraint) to validate
    statements: list[str] = [*attach]
    new_foreign_keys: list[tuple[str, str, str]] = []  # (child, name, definition) pointing at NEW
    unindexed: dict[str, str] = {}  # statement -> why its foreign key has no index
    for constraint in table.constraints:
        if old not in constraint.columns or constraint.kind not in ("c", "f"):
            continue
        name = quote(names.renamed(constraint.name, old, new))
        definition = _constraint_on_new(constraint, old, new)
        # OLD's constraint may never have been validated (rows may break it): keep it so.
        validated = not definition.endswith(" NOT VALID")
        sql = f"ALTER TABLE {t} ADD CONSTRAINT {name} {definition}" + (
            " NOT VALID" if validated else ""
        )
        statements.append(sql)
        if validated:
            not_valid.append((t, name))
        if constraint.kind == "f" and not _leads_an_index(table, constraint.columns):
            unindexed[sql] = f"{constraint.name} has no index on {', '.join(constraint.columns)}"
    for reference in table.referencing:
        if old not in reference.referenced_columns:
            continue
        name = quote(names.renamed(reference.name, old, new))
        definition = _swap_foreign_key(reference.definition, old, new, side="referenced")
        child = reference.table
        new_foreign_keys.append((child, name, definition))
        validated = not definition.endswith(" NOT VALID")
        sql = f"ALTER TABLE {child} ADD CONSTRAINT {name} {definition}" + (
            " NOT VALID" if validated else ""
        )
        statements.append(sql)
        if validated:
            not_valid.append((child, name))
        if not reference.indexed:
            unindexed[sql] = (
                f"{reference.name} has no index on {child}({', '.join(reference.columns)})"
            )
    if column.not_null:
        statements.append(
            f"ALTER TABLE {t} ADD CONSTRAINT {not_null_check} CHECK ({n} IS NOT NULL) NOT VALID"
        )
        not_valid.append((t, not_null_check))
    itself = {table.qualified, t}  # catalog names come quoted (regclass::text)
    parents = _unique(
        c.referenced_table or ""
        for c in table.constraints
        if c.kind == "f" and old in c.columns and c.referenced_table not in itself
    )
    children = _unique(
        r.table for r in table.referencing if old in r.referenced_columns and r.table not in itself
    )
    if statements:
        constraints.upgrade += _execute(lock)
        if parents and any(" FOREIGN KEY " in sql for sql in statements):
            constraints.upgrade += _comment(_LOCK_ORDER)
            constraints.upgrade += _execute(
                f"LOCK TABLE {', '.join(parents)} IN SHARE ROW EXCLUSIVE MODE"
            )
        for sql in statements:
            if sql in unindexed:
                constraints.upgrade += _comment(
                    "migcheck: ignore[foreign-key-without-index] the same as before the "
                    f"rename: {unindexed[sql]} either (index it separately if it needs one)"
                )
            constraints.upgrade += _execute(sql)
    if not constraints.upgrade:
        constraints.upgrade.append(f"    pass  # {old} has no index or constraint to rebuild")
    if statements:
        constraints.downgrade += _execute(lock)
    for sql in reversed(statements):
        target, _, rest = sql.removeprefix("ALTER TABLE ").partition(" ADD CONSTRAINT ")
        name = rest.split(" ", 1)[0]
        constraints.downgrade += _execute(f"ALTER TABLE {target} DROP CONSTRAINT IF EXISTS {name}")
    if new_index_of:
        constraints.downgrade.append("    with op.get_context().autocommit_block():")
        for name in new_index_of.values():
            constraints.downgrade += _execute(
                f"DROP INDEX CONCURRENTLY IF EXISTS {_in_schema(table, name)}", indent="        "
            )
    if not constraints.downgrade:
        constraints.downgrade.append("    pass  # the upgrade built nothing")
    plans.append(constraints)

    # 4. validate ----------------------------------------------------------------
    validate = RevisionPlan(
        slug=f"validate_{table.name}_{new}",
        message=f"validate: constraints of {table.name}.{new}",
        docstring=(
            f"Step 4/5 of {step}.\n\n"
            "VALIDATE CONSTRAINT scans under SHARE UPDATE EXCLUSIVE (reads and writes go on); "
            "SET NOT NULL is then instant, proven by the validated CHECK. Each statement "
            "commits on its own (autocommit_block()): applied together with the constraints "
            "revision in one transaction (Alembic's default), the locks that revision took "
            "would otherwise be held through the scans, blocking reads and writes.\n\n"
            f"Deploy next: application code that uses only {new}, on every instance. Only "
            "then apply the contract revision."
        ),
    )
    checks = [f"ALTER TABLE {child} VALIDATE CONSTRAINT {name}" for child, name in not_valid]
    if column.not_null:
        checks += [
            f"ALTER TABLE {t} ALTER COLUMN {n} SET NOT NULL",
            f"ALTER TABLE {t} DROP CONSTRAINT {not_null_check}",
        ]
    if checks:
        validate.upgrade.append("    with op.get_context().autocommit_block():")
        # Each in a transaction of its own with its own lock_timeout: a session-wide SET (and
        # RESET) would undo the lock_timeout env.py may have set for the revisions after it.
        for sql in checks:
            validate.upgrade += _execute(f"BEGIN; {lock}; {sql}; COMMIT", indent="        ")
    if column.not_null:
        validate.downgrade += _execute(lock)
        validate.downgrade += _execute(f"ALTER TABLE {t} ALTER COLUMN {n} DROP NOT NULL")
        validate.downgrade += _execute(
            f"ALTER TABLE {t} ADD CONSTRAINT {not_null_check} CHECK ({n} IS NOT NULL) NOT VALID"
        )
    else:
        validate.downgrade.append(
            "    pass  # validated constraints are dropped by the constraints revision's downgrade"
        )
    if not validate.upgrade:
        validate.upgrade = ["    pass  # nothing to validate"]
    plans.append(validate)

    # 5. contract ----------------------------------------------------------------
    primary = next((ix for ix in table.indexes if ix.primary), None)
    swaps_primary_key = primary is not None and old in primary.columns and primary.constraint
    contract = RevisionPlan(
        slug=f"contract_{table.name}_{old}",
        message=f"contract: drop {table.name}.{old}",
        docstring=(
            f"Step 5/5 of {step}.\n\n"
            f"DEPLOY THIS ONLY AFTER EVERY APPLICATION INSTANCE RUNS CODE THAT USES {new} AND "
            f"NO LONGER READS OR WRITES {old}: it drops the sync trigger and {old}.\n\n"
            + _contract_summary(table, column, old, new, bool(swaps_primary_key))
        ),
        module_constants=[f'SYNC_FUNCTION = """\n{sync_function}\n"""'],
    )
    contract.upgrade += _execute(lock)
    if parents or children:
        contract.upgrade += _comment(_LOCK_ORDER)
        contract.upgrade += _execute(
            f"LOCK TABLE {', '.join([*parents, t, *children])} IN ACCESS EXCLUSIVE MODE"
        )
    contract.upgrade += _execute(f"DROP TRIGGER IF EXISTS {trigger} ON {t}")
    contract.upgrade += _execute(f"DROP FUNCTION IF EXISTS {function}()")
    if column.default is not None:
        contract.upgrade += _execute(
            f"ALTER TABLE {t} ALTER COLUMN {n} SET DEFAULT {column.default}"
        )
    if column.owned_sequence:
        contract.upgrade += _execute(f"ALTER SEQUENCE {column.owned_sequence} OWNED BY {t}.{n}")
    old_references = [r for r in table.referencing if old in r.referenced_columns]
    for reference in old_references:
        contract.upgrade += _execute(
            f"ALTER TABLE {reference.table} DROP CONSTRAINT {quote(reference.name)}"
        )
    if swaps_primary_key and primary is not None and primary.constraint:
        contract.upgrade += _execute(
            f"ALTER TABLE {t} DROP CONSTRAINT {quote(primary.constraint)}, "
            f"ADD CONSTRAINT {quote(primary.constraint)} PRIMARY KEY USING INDEX "
            f"{quote(new_index_of[primary.name])}"
        )
    contract.upgrade += _comment(
        f"migcheck: ignore[drop-column] every instance uses {new} since the previous deploy"
    )
    contract.upgrade += _execute(f"ALTER TABLE {t} DROP COLUMN {o}")

    # Downgrade: bring OLD back, equal to NEW, with its original constraints, and the trigger.
    down = contract.downgrade
    down += _execute(lock)
    down += _execute(f"ALTER TABLE {t} ADD COLUMN {o} {column_type}")
    down += _comment(
        "Rewrites every row while ACCESS EXCLUSIVE is held: a rollback, not a zero-downtime step."
    )
    down += _execute(f"UPDATE {t} SET {o} = {n}")
    if column.not_null:
        down += _execute(f"ALTER TABLE {t} ALTER COLUMN {o} SET NOT NULL")
    if column.default is not None:
        down += _execute(f"ALTER TABLE {t} ALTER COLUMN {n} DROP DEFAULT")
        down += _execute(f"ALTER TABLE {t} ALTER COLUMN {o} SET DEFAULT {column.default}")
    if column.owned_sequence:
        down += _execute(f"ALTER SEQUENCE {column.owned_sequence} OWNED BY {t}.{o}")
    if swaps_primary_key and primary is not None and primary.constraint:
        # The foreign keys to NEW depend on the primary key's index: set them aside while the
        # primary key moves back to OLD, then put NEW's unique index and them back.
        for child, name, _ in new_foreign_keys:
            down += _execute(f"ALTER TABLE {child} DROP CONSTRAINT {name}")
        staging = names.fresh(short_name(primary.name, suffix="old"))
        down += _execute(_renamed_index_sql(primary, staging))
        down += _execute(
            f"ALTER TABLE {t} DROP CONSTRAINT {quote(primary.constraint)}, "
            f"ADD CONSTRAINT {quote(primary.constraint)} PRIMARY KEY USING INDEX {quote(staging)}"
        )
        twin = _index_sql(primary, new_index_of[primary.name], old, new)
        down += _execute(twin.replace(" CONCURRENTLY IF NOT EXISTS", ""))
        for child, name, definition in new_foreign_keys:
            down += _execute(f"ALTER TABLE {child} ADD CONSTRAINT {name} {definition}")
    for index in table.indexes:
        if index.name in new_index_of and not index.constraint:
            down += _execute(index.definition)
    for constraint in table.constraints:
        # NOT NULL (PostgreSQL 18 catalogs it as a constraint) is restored by SET NOT NULL,
        # the primary key above.
        if old in constraint.columns and constraint.kind in ("c", "f", "u"):
            down += _execute(
                f"ALTER TABLE {t} ADD CONSTRAINT {quote(constraint.name)} {constraint.definition}"
            )
    for reference in old_references:
        down += _execute(
            f"ALTER TABLE {reference.table} ADD CONSTRAINT {quote(reference.name)} "
            f"{reference.definition}"
        )
    down.append("    op.execute(SYNC_FUNCTION)")
    down += _execute(create_trigger)
    plans.append(contract)
    return plans


_LOCK_ORDER = (
    "Referenced tables first, then this one, then the referencing ones: the order the "
    "application writes them in, so none of its transactions can deadlock with this one."
)


def _unique(names: Iterable[str]) -> list[str]:
    return sorted({name for name in names if name})


def _contract_summary(
    table: TableInfo, column: ColumnInfo, old: str, new: str, swaps_primary_key: bool
) -> str:
    steps = []
    if column.default is not None:
        steps.append(f"moves {old}'s default to {new}")
    if column.owned_sequence:
        steps.append(f"makes {new} own the sequence {column.owned_sequence}")
    if any(old in r.referenced_columns for r in table.referencing):
        steps.append(f"drops the foreign keys that point at {old} (their twins point at {new})")
    if swaps_primary_key:
        steps.append(f"moves the primary key to {new}")
    steps.append(f"drops {old} with its indexes and constraints")
    text = ", ".join(steps[:-1]) + (", then " if len(steps) > 1 else "") + steps[-1]
    return (
        f"It {text}: catalog changes only, ACCESS EXCLUSIVE for milliseconds "
        f"(lock_timeout {LOCK_TIMEOUT})."
    )


def _sync_function(function: str, old: str, new: str) -> str:
    o, n = quote(old), quote(new)
    return "\n".join(
        [
            f"CREATE OR REPLACE FUNCTION {function}() RETURNS trigger",
            "LANGUAGE plpgsql AS $$",
            "BEGIN",
            "    IF TG_OP = 'INSERT' THEN",
            f"        -- Old code writes {old} only; new code writes {new}, which has no default",
            "        -- until the contract revision: NULL means the row came from old code.",
            f"        IF NEW.{n} IS NULL THEN",
            f"            NEW.{n} := NEW.{o};",
            "        ELSE",
            f"            NEW.{o} := NEW.{n};",
            "        END IF;",
            f"    ELSIF NEW.{n} IS DISTINCT FROM OLD.{n} THEN",
            f"        -- New code (or the backfill) changed {new}.",
            f"        NEW.{o} := NEW.{n};",
            f"    ELSIF NEW.{o} IS DISTINCT FROM OLD.{o} OR NEW.{n} IS DISTINCT FROM NEW.{o} THEN",
            f"        -- Old code changed {old}, or the row is not copied yet.",
            f"        NEW.{n} := NEW.{o};",
            "    END IF;",
            "    RETURN NEW;",
            "END",
            "$$",
        ]
    )


def _backfill_by_key(t: str, o: str, n: str, k: str, batch_size: int) -> str:
    return "\n".join(
        [
            "DO $$",
            "DECLARE",
            "    low bigint;",
            "    high bigint;",
            f"    batch constant bigint := {batch_size};",
            "BEGIN",
            f"    SELECT min({k}), max({k}) INTO low, high FROM {t};",
            "    WHILE low <= high LOOP",
            f"        UPDATE {t} SET {n} = {o}",
            f"         WHERE {k} BETWEEN low AND low + batch - 1",
            f"           AND {n} IS DISTINCT FROM {o};",
            "        COMMIT;  -- each batch is its own transaction",
            "        low := low + batch;",
            "    END LOOP;",
            "END",
            "$$",
        ]
    )


def _backfill_by_pages(t: str, o: str, n: str, batch_size: int) -> str:
    """One pass over the pages that exist when it starts (a TID range scan per batch): a row
    written since the trigger exists is already in sync, wherever it moved."""
    regclass = f"{_literal(t)}::regclass"
    return "\n".join(
        [
            "DO $$",
            "DECLARE",
            f"    last_page bigint := pg_relation_size({regclass})",
            "                        / current_setting('block_size')::bigint;",
            "    first_page bigint := 0;",
            "    pages bigint;  -- per batch",
            "BEGIN",
            f"    -- About {batch_size} rows per batch, from the planner's rows per page.",
            "    SELECT CASE WHEN reltuples > 0 AND relpages > 0",
            f"                THEN greatest(1, ({batch_size} * relpages / reltuples)::bigint)",
            f"                ELSE greatest(1, {batch_size} / 100) END",
            f"      INTO pages FROM pg_class WHERE oid = {regclass};",
            "    WHILE first_page <= last_page LOOP",
            f"        UPDATE {t} SET {n} = {o}",
            "         WHERE ctid >= ('(' || first_page || ',0)')::tid",
            "           AND ctid < ('(' || (first_page + pages) || ',0)')::tid",
            f"           AND {n} IS DISTINCT FROM {o};",
            "        COMMIT;  -- each batch is its own transaction",
            "        first_page := first_page + pages;",
            "    END LOOP;",
            "END",
            "$$",
        ]
    )


def _assert_valid_indexes(table: TableInfo, names: list[str]) -> str:
    listed = ",\n".join(
        f"           to_regclass({_literal(_in_schema(table, name))})" for name in names
    )
    return "\n".join(
        [
            "DO $$",
            "DECLARE",
            "    invalid text;",
            "BEGIN",
            "    SELECT string_agg(indexrelid::regclass::text, ', ') INTO invalid",
            "      FROM pg_index",
            "     WHERE NOT indisvalid AND indexrelid IN (",
            f"{listed});",
            "    IF invalid IS NOT NULL THEN",
            "        RAISE EXCEPTION '% invalid (CREATE INDEX CONCURRENTLY failed): drop, run again',",
            "            invalid;",
            "    END IF;",
            "END",
            "$$",
        ]
    )


def _in_schema(table: TableInfo, name: str) -> str:
    return quote(name) if table.schema == "public" else f"{quote(table.schema)}.{quote(name)}"


# --------------------------------------------------------------------------- table rename


def plan_table_rename(table: TableInfo, new: str, *, pg_version: int = 15) -> list[RevisionPlan]:
    schema, _, new_name = new.rpartition(".")
    if schema and schema != table.schema:
        raise MigcheckError(
            f"{new!r}: a rename cannot move {table.qualified} to another schema "
            f"(ALTER TABLE ... SET SCHEMA is another change)"
        )
    if len(new_name.encode()) > MAX_IDENTIFIER:
        raise MigcheckError(f"table name {new_name!r} is longer than {MAX_IDENTIFIER} bytes")
    if new_name == table.name:
        raise MigcheckError(f"{table.qualified}: the new name is the old one")
    if new_name in table.relation_names:
        raise MigcheckError(f"{new_name!r} already exists in schema {table.schema}")
    old_q = table.qualified
    new_q = new_name if table.schema == "public" else f"{table.schema}.{new_name}"
    o, n = _qualified(old_q), _qualified(new_q)
    lock = f"SET LOCAL lock_timeout = '{LOCK_TIMEOUT}'"
    # A view reads its table with its owner's rights, and row-level security does not apply to
    # a table's owner: through a plain view, old code would see every tenant's rows. With
    # security_invoker (PostgreSQL 15+) the caller's rights and policies apply, as on the table.
    if pg_version >= 15:
        create_view = f"CREATE VIEW {o} WITH (security_invoker = true) AS SELECT * FROM {n}"
    elif table.row_security:
        raise MigcheckError(
            f"{table.qualified} has row-level security: a view under the old name would read "
            f"it with its owner's rights, past the policies, and PostgreSQL {pg_version} has no "
            "security_invoker views (15+); rename it in a maintenance window instead"
        )
    else:
        create_view = f"CREATE VIEW {o} AS SELECT * FROM {n}"
    copy_grants = f'COPY_GRANTS = """\n{_copy_grants(n, o)}\n"""'
    rename = RevisionPlan(
        slug=f"rename_{table.name}_to_{new_name}",
        message=f"rename table {table.name} to {new_name}, with a view under the old name",
        docstring=(
            f"Step 1/2 of renaming {old_q} to {new_q} (generated by migcheck rename).\n\n"
            f"Renames the table (a catalog change, ACCESS EXCLUSIVE for milliseconds with "
            f"lock_timeout) and creates an updatable view named {table.name} with the table's "
            "privileges, so code that still uses the old name keeps reading and writing the same "
            "rows with SELECT, INSERT, UPDATE and DELETE (INSERTs through the view get the "
            "table's defaults"
            + (", and the caller's row-level security policies apply" if pg_version >= 15 else "")
            + "). Not through the view: COPY ... FROM, TRUNCATE, and functions that take a "
            "table's name (pg_get_serial_sequence('" + table.name + "', ...)): move code that "
            "uses them first.\n\n"
            f"Deploy next: application code that uses {new_name} on every instance. Only then "
            "apply the contract revision."
        ),
        module_constants=[copy_grants],
    )
    rename.upgrade += _execute(lock)
    rename.upgrade += _comment(
        f"migcheck: ignore[rename-table] the view {table.name} keeps the old name working"
    )
    rename.upgrade += _execute(f"ALTER TABLE {o} RENAME TO {quote(new_name)}")
    rename.upgrade += _execute(create_view)
    rename.upgrade.append("    op.execute(COPY_GRANTS)")
    rename.downgrade += _execute(lock)
    rename.downgrade += _execute(f"DROP VIEW IF EXISTS {o}")
    rename.downgrade += _execute(f"ALTER TABLE {n} RENAME TO {quote(table.name)}")
    contract = RevisionPlan(
        slug=f"contract_drop_view_{table.name}",
        message=f"contract: drop the view {table.name}",
        docstring=(
            f"Step 2/2 of renaming {old_q} to {new_q}.\n\n"
            f"DEPLOY THIS ONLY AFTER EVERY APPLICATION INSTANCE USES {new_name}: it drops the "
            f"view {table.name} that kept the old name working."
        ),
        module_constants=[copy_grants],
    )
    contract.upgrade += _execute(lock)
    contract.upgrade += _execute(f"DROP VIEW {o}")
    contract.downgrade += _execute(lock)
    contract.downgrade += _execute(create_view)
    contract.downgrade.append("    op.execute(COPY_GRANTS)")
    return [rename, contract]


def _copy_grants(table: str, view: str) -> str:
    """A DO block giving every role on ``view`` what it may do on ``table``, read when it runs:
    privileges are often granted outside the migrations, so the replayed schema cannot know
    them. The view is owned by whoever runs the migration, so the application's roles need
    their own privileges on it."""
    return "\n".join(
        [
            "DO $$",
            "DECLARE",
            "    granted record;",
            "BEGIN",
            "    FOR granted IN",
            "        SELECT a.privilege_type, coalesce(quote_ident(r.rolname), 'PUBLIC') AS grantee",
            "          FROM pg_class c",
            "         CROSS JOIN aclexplode(c.relacl) a",
            "          LEFT JOIN pg_roles r ON r.oid = a.grantee",
            f"         WHERE c.oid = {_literal(table)}::regclass AND a.grantee <> c.relowner",
            "           AND a.privilege_type IN ('SELECT', 'INSERT', 'UPDATE', 'DELETE')",
            "    LOOP",
            "        EXECUTE format('GRANT %s ON %s TO %s', granted.privilege_type,",
            f"                       {_literal(view)}, granted.grantee);",
            "    END LOOP;",
            "END",
            "$$",
        ]
    )


# --------------------------------------------------------------------------- descriptions


def deploy_note(plan: RevisionPlan) -> str:
    """The paragraph of the docstring about deploying (before or after this revision)."""
    for paragraph in plan.docstring.split("\n\n"):
        if paragraph.startswith(("Deploy next", "No deploy step", "DEPLOY THIS ONLY")):
            return paragraph
    return ""


def describe_column(column: ColumnInfo) -> str:
    parts = [column.type]
    if column.collation:
        parts.append(column.collation)
    if column.not_null:
        parts.append("NOT NULL")
    if column.default and not column.generated:
        parts.append(f"DEFAULT {column.default}")
    return " ".join(parts)


def constraint_summary(table: TableInfo, column: str) -> list[str]:
    """Human lines: what the plan rebuilds on the new column."""
    lines = [f"{ix.name}: {ix.definition}" for ix in table.indexes if _index_uses(ix, column)]
    lines += [
        f"{c.name}: {c.definition}"
        for c in table.constraints
        if column in c.columns and c.kind in ("c", "f")
    ]
    lines += [
        f"{c.table}.{c.name}: {c.definition}"
        for c in table.referencing
        if column in c.referenced_columns
    ]
    return lines


__all__ = [
    "ConstraintInfo",
    "RevisionPlan",
    "plan_column_rename",
    "plan_table_rename",
]
