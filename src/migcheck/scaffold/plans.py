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
3. **constraints**: indexes and unique indexes on NEW built CONCURRENTLY; UNIQUE/PRIMARY KEY
   attached USING INDEX; CHECK and FOREIGN KEY constraints (both directions) added NOT VALID;
   ``CHECK (new IS NOT NULL) NOT VALID`` when OLD is NOT NULL.
4. **validate**: VALIDATE every NOT VALID constraint (SHARE UPDATE EXCLUSIVE: traffic goes on),
   then SET NOT NULL, instant thanks to the validated check (PostgreSQL 12+).
5. **contract** (only after every instance runs code that uses NEW): drop the trigger, move the
   default and the sequence to NEW, swap the primary key if OLD was in it, drop OLD.

The default moves to NEW only in the contract revision: while both columns exist, an INSERT
that omits NEW must get OLD's value through the trigger, not NEW's default.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field

from migcheck.errors import MigcheckError
from migcheck.scaffold.introspect import ColumnInfo, ConstraintInfo, IndexInfo, TableInfo

MAX_IDENTIFIER = 63
LOCK_TIMEOUT = "2s"


@dataclass(slots=True)
class RevisionPlan:
    slug: str
    message: str
    docstring: str  # what it does, and the deploy step that must come after it
    upgrade: list[str] = field(default_factory=list)  # lines of the function body
    downgrade: list[str] = field(default_factory=list)
    module_constants: list[str] = field(default_factory=list)
    needs_sa: bool = False


def quote(name: str) -> str:
    """An identifier as SQL needs it: bare when it can be, else double-quoted."""
    if re.fullmatch(r"[a-z_][a-z0-9_$]*", name) and name.upper() not in _RESERVED:
        return name
    return '"' + name.replace('"', '""') + '"'


_RESERVED = {
    "USER",
    "ORDER",
    "GROUP",
    "TABLE",
    "SELECT",
    "WHERE",
    "FROM",
    "DEFAULT",
    "CHECK",
    "LIMIT",
    "OFFSET",
    "TO",
    "END",
    "ALL",
    "COLUMN",
    "CONSTRAINT",
    "PRIMARY",
    "REFERENCES",
    "UNIQUE",
    "USING",
    "WITH",
    "ANALYSE",
    "ANALYZE",
    "AND",
    "ANY",
    "ARRAY",
    "AS",
    "ASC",
    "BOTH",
    "CASE",
    "CAST",
    "COLLATE",
    "CREATE",
    "DESC",
    "DISTINCT",
    "DO",
    "ELSE",
    "EXCEPT",
    "FALSE",
    "FETCH",
    "FOR",
    "FOREIGN",
    "GRANT",
    "HAVING",
    "IN",
    "INITIALLY",
    "INTERSECT",
    "INTO",
    "LEADING",
    "NOT",
    "NULL",
    "ON",
    "ONLY",
    "OR",
    "PLACING",
    "RETURNING",
    "SOME",
    "SYMMETRIC",
    "THEN",
    "TRAILING",
    "TRUE",
    "UNION",
    "VARIADIC",
    "WHEN",
    "WINDOW",
}


def short_name(*parts: str, suffix: str = "") -> str:
    """``parts`` joined by ``_``, shortened with a hash to fit 63 bytes."""
    name = "_".join(p for p in parts if p) + (f"_{suffix}" if suffix else "")
    if len(name.encode()) <= MAX_IDENTIFIER:
        return name
    digest = hashlib.sha1(name.encode()).hexdigest()[:8]
    keep = MAX_IDENTIFIER - len(digest) - 1 - (len(suffix) + 1 if suffix else 0)
    return name[:keep].rstrip("_") + "_" + digest + (f"_{suffix}" if suffix else "")


def _swap_column(text: str, old: str, new: str) -> str:
    """Replace the identifier ``old`` by ``new`` in SQL text (bare or quoted occurrences)."""
    quoted_old = '"' + old.replace('"', '""') + '"'
    text = text.replace(quoted_old, quote(new))
    if re.fullmatch(r"[a-z_][a-z0-9_$]*", old):
        text = re.sub(rf'(?<![\w."$]){re.escape(old)}(?![\w"$])', quote(new), text)
    return text


def _renamed(name: str, old: str, new: str) -> str:
    """An index or constraint name for NEW: OLD's name with the column swapped, or suffixed."""
    if old in name:
        candidate = name.replace(old, new)
        if candidate != name:
            return short_name(candidate)
    return short_name(name, suffix=new)


def _py(text: str) -> str:
    """A Python string literal for SQL text (double quotes, as ruff formats)."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _execute(sql: str, indent: str = "    ") -> list[str]:
    """``op.execute("...")``, wrapped like a formatter would when it is long."""
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


# --------------------------------------------------------------------------- column rename


def plan_column_rename(
    table: TableInfo, old: str, new: str, *, batch_size: int, pg_version: int
) -> list[RevisionPlan]:
    if old not in table.columns:
        known = ", ".join(table.columns)
        raise MigcheckError(f"{table.qualified} has no column {old!r} (columns: {known})")
    if new in table.columns:
        raise MigcheckError(f"{table.qualified} already has a column {new!r}")
    if len(new.encode()) > MAX_IDENTIFIER:
        raise MigcheckError(f"column name {new!r} is longer than {MAX_IDENTIFIER} bytes")
    column = table.columns[old]
    if column.identity:
        raise MigcheckError(
            f"{table.qualified}.{old} is an identity column; an expand-contract rename would "
            "need a second identity (not supported): rename it in a maintenance window"
        )
    if column.generated:
        raise MigcheckError(
            f"{table.qualified}.{old} is a generated column: add NEW as the same generated "
            "expression instead of syncing it"
        )
    if table.dependent_views:
        raise MigcheckError(
            f"views depend on {table.qualified}: {', '.join(table.dependent_views)}; recreate "
            f"them on {new} in the constraints step first (not generated)"
        )
    if pg_version < 12:
        raise MigcheckError(
            f"PostgreSQL {pg_version}: SET NOT NULL cannot use a validated CHECK before 12, so "
            "the plan cannot avoid a full scan under ACCESS EXCLUSIVE"
        )
    t = _qualified(table.qualified)
    o, n = quote(old), quote(new)
    function = short_name(table.name, old, new, suffix="sync")
    trigger = function
    not_null_check = short_name("ck", table.name, new, suffix="not_null")
    lock = f"SET LOCAL lock_timeout = '{LOCK_TIMEOUT}'"
    plans: list[RevisionPlan] = []

    # 1. expand ------------------------------------------------------------------
    sync_sql = "\n".join(
        [
            f"CREATE OR REPLACE FUNCTION {function}() RETURNS trigger",
            "LANGUAGE plpgsql AS $$",
            "BEGIN",
            "    IF TG_OP = 'INSERT' THEN",
            f"        -- Old code writes {old} only; new code writes {new} (which has no default).",
            f"        IF NEW.{n} IS NULL THEN",
            f"            NEW.{n} := NEW.{o};",
            "        ELSE",
            f"            NEW.{o} := NEW.{n};",
            "        END IF;",
            f"    ELSIF NEW.{n} IS DISTINCT FROM OLD.{n} THEN",
            f"        NEW.{o} := NEW.{n};  -- new code (or the backfill) changed {new}",
            f"    ELSIF NEW.{o} IS DISTINCT FROM OLD.{o} OR NEW.{n} IS DISTINCT FROM NEW.{o} THEN",
            f"        NEW.{n} := NEW.{o};  -- old code changed {old}, or the row is not copied yet",
            "    END IF;",
            "    RETURN NEW;",
            "END",
            "$$",
        ]
    )
    expand = RevisionPlan(
        slug=f"expand_{table.name}_{old}_to_{new}",
        message=f"expand: add {table.name}.{new} kept in sync with {old}",
        docstring=(
            f"Step 1/5 of renaming {table.qualified}.{old} to {new} (generated by migcheck rename).\n\n"
            f"Adds {new} ({column.type}, nullable, no default: no table rewrite) and a trigger that "
            f"keeps {old} and {new} equal on every INSERT and UPDATE, whichever one the "
            "application writes.\n\n"
            f"Deploy next: application code that reads and writes {new} (it may keep writing "
            f"{old} too). Old and new code can run side by side from here on."
        ),
        module_constants=[f'SYNC_FUNCTION = """\n{sync_sql}\n"""'],
    )
    expand.upgrade += _execute(lock)
    expand.upgrade += _execute(f"ALTER TABLE {t} ADD COLUMN {n} {column.type}")
    expand.upgrade.append("    op.execute(SYNC_FUNCTION)")
    expand.upgrade += _execute(
        f"CREATE TRIGGER {trigger} BEFORE INSERT OR UPDATE ON {t} "
        f"FOR EACH ROW EXECUTE FUNCTION {function}()"
    )
    expand.downgrade += _execute(lock)
    expand.downgrade += _execute(f"DROP TRIGGER IF EXISTS {trigger} ON {t}")
    expand.downgrade += _execute(f"DROP FUNCTION IF EXISTS {function}()")
    expand.downgrade += _execute(f"ALTER TABLE {t} DROP COLUMN IF EXISTS {n}")
    plans.append(expand)

    # 2. backfill ----------------------------------------------------------------
    key = table.primary_key[0] if len(table.primary_key) == 1 else None
    key_type = table.columns[key].type if key else ""
    if key and key_type in ("integer", "bigint", "smallint"):
        k = quote(key)
        loop = "\n".join(
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
    else:
        loop = "\n".join(
            [
                "DO $$",
                "DECLARE",
                "    done bigint;",
                "BEGIN",
                "    LOOP",
                f"        UPDATE {t} SET {n} = {o}",
                f"         WHERE ctid = ANY (ARRAY(SELECT ctid FROM {t}",
                f"                                  WHERE {n} IS DISTINCT FROM {o}",
                f"                                  LIMIT {batch_size}));",
                "        GET DIAGNOSTICS done = ROW_COUNT;",
                "        COMMIT;  -- each batch is its own transaction",
                "        EXIT WHEN done = 0;",
                "    END LOOP;",
                "END",
                "$$",
            ]
        )
    backfill = RevisionPlan(
        slug=f"backfill_{table.name}_{new}",
        message=f"backfill: copy {table.name}.{old} into {new} in batches",
        docstring=(
            f"Step 2/5 of renaming {table.qualified}.{old} to {new}.\n\n"
            f"Copies {old} into {new} in batches of {batch_size} rows, each batch its own "
            "transaction (PostgreSQL 11+ lets a DO block COMMIT outside a transaction block), "
            "so only the rows of one batch are locked at a time. Safe to re-run: rows already "
            "copied are skipped.\n\n"
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
            f"Step 3/5 of renaming {table.qualified}.{old} to {new}.\n\n"
            f"Rebuilds on {new} what {old} has: indexes built CONCURRENTLY, UNIQUE / PRIMARY "
            "KEY constraints attached USING INDEX, CHECK and FOREIGN KEY constraints added NOT "
            "VALID (validated by the next revision, in another transaction).\n\n"
            "No deploy step is needed before the next revision."
        ),
    )
    validate = RevisionPlan(
        slug=f"validate_{table.name}_{new}",
        message=f"validate: constraints of {table.name}.{new}",
        docstring=(
            f"Step 4/5 of renaming {table.qualified}.{old} to {new}.\n\n"
            "VALIDATE CONSTRAINT scans under SHARE UPDATE EXCLUSIVE (reads and writes go on); "
            f"SET NOT NULL is then instant, proven by the validated CHECK.\n\n"
            f"Deploy next: application code that uses only {new}, on every instance. Only "
            "then apply the contract revision."
        ),
    )
    index_names: dict[str, str] = {}
    created_indexes: list[str] = []
    attach: list[str] = []
    for index in table.indexes:
        if old not in index.columns and not _mentions(index.definition, old):
            continue
        new_name = _renamed(index.name, old, new)
        index_names[index.name] = new_name
        definition = _index_sql(index, new_name, old, new, table)
        created_indexes.append(new_name)
        if len(created_indexes) == 1:
            constraints.upgrade.append("    with op.get_context().autocommit_block():")
        constraints.upgrade += _execute(definition, indent="        ")
        if index.constraint and not index.primary:
            constraint_name = _renamed(index.constraint, old, new)
            attach.append(
                f"ALTER TABLE {t} ADD CONSTRAINT {quote(constraint_name)} UNIQUE USING INDEX {quote(new_name)}"
            )
    not_valid: list[tuple[str, str]] = []  # (table, constraint) to validate
    statements: list[str] = [*attach]
    for constraint in table.constraints:
        if old not in constraint.columns or constraint.kind not in ("c", "f"):
            continue
        name = _renamed(constraint.name, old, new)
        definition = _swap_column(constraint.definition, old, new).replace(" NOT VALID", "")
        statements.append(f"ALTER TABLE {t} ADD CONSTRAINT {quote(name)} {definition} NOT VALID")
        not_valid.append((t, name))
    for reference in table.referencing:
        if old not in reference.referenced_columns:
            continue
        name = _renamed(reference.name, old, new)
        definition = _swap_referenced(reference.definition, old, new)
        child = reference.table
        statements.append(
            f"ALTER TABLE {child} ADD CONSTRAINT {quote(name)} {definition} NOT VALID"
        )
        not_valid.append((child, name))
    if column.not_null:
        statements.append(
            f"ALTER TABLE {t} ADD CONSTRAINT {not_null_check} CHECK ({n} IS NOT NULL) NOT VALID"
        )
        not_valid.append((t, not_null_check))
    if statements:
        constraints.upgrade += _execute(lock)
        for sql in statements:
            constraints.upgrade += _execute(sql)
    if not constraints.upgrade:
        constraints.upgrade.append(f"    pass  # {old} has no index or constraint to rebuild")
    constraints.downgrade += _execute(lock)
    for child, name in reversed(not_valid):
        constraints.downgrade += _execute(
            f"ALTER TABLE {child} DROP CONSTRAINT IF EXISTS {quote(name)}"
        )
    for sql in attach:
        name = sql.split(" ADD CONSTRAINT ", 1)[1].split(" ", 1)[0]
        constraints.downgrade += _execute(f"ALTER TABLE {t} DROP CONSTRAINT IF EXISTS {name}")
    if created_indexes:
        constraints.downgrade.append("    with op.get_context().autocommit_block():")
        for name in created_indexes:
            constraints.downgrade += _execute(
                f"DROP INDEX CONCURRENTLY IF EXISTS {_in_schema(table, name)}", indent="        "
            )
    plans.append(constraints)

    validate.upgrade += _execute(lock)
    for child, name in not_valid:
        validate.upgrade += _execute(f"ALTER TABLE {child} VALIDATE CONSTRAINT {quote(name)}")
    if column.not_null:
        validate.upgrade += _execute(f"ALTER TABLE {t} ALTER COLUMN {n} SET NOT NULL")
        validate.upgrade += _execute(f"ALTER TABLE {t} DROP CONSTRAINT {not_null_check}")
        validate.downgrade += _execute(lock)
        validate.downgrade += _execute(f"ALTER TABLE {t} ALTER COLUMN {n} DROP NOT NULL")
        validate.downgrade += _execute(
            f"ALTER TABLE {t} ADD CONSTRAINT {not_null_check} CHECK ({n} IS NOT NULL) NOT VALID"
        )
    else:
        validate.downgrade.append("    pass  # validated constraints stay valid")
    if len(validate.upgrade) == len(_execute(lock)):
        validate.upgrade = ["    pass  # nothing to validate"]
    plans.append(validate)

    # 5. contract ----------------------------------------------------------------
    contract = RevisionPlan(
        slug=f"contract_{table.name}_{old}",
        message=f"contract: drop {table.name}.{old}",
        docstring=(
            f"Step 5/5 of renaming {table.qualified}.{old} to {new}.\n\n"
            f"DEPLOY THIS ONLY AFTER EVERY APPLICATION INSTANCE RUNS CODE THAT USES {new} AND "
            f"NO LONGER READS OR WRITES {old}: it drops the sync trigger and {old}.\n\n"
            f"Moves {old}'s default (and its sequence) to {new}"
            + (", swaps the primary key" if old in table.primary_key else "")
            + f", drops the foreign keys that pointed at {old}, then drops {old}."
        ),
    )
    contract.upgrade += _execute(lock)
    contract.upgrade += _execute(f"DROP TRIGGER IF EXISTS {trigger} ON {t}")
    contract.upgrade += _execute(f"DROP FUNCTION IF EXISTS {function}()")
    if column.default is not None:
        contract.upgrade += _execute(
            f"ALTER TABLE {t} ALTER COLUMN {n} SET DEFAULT {column.default}"
        )
    if column.owned_sequence:
        contract.upgrade += _execute(f"ALTER SEQUENCE {column.owned_sequence} OWNED BY {t}.{n}")
    for reference in table.referencing:
        if old in reference.referenced_columns:
            contract.upgrade += _execute(
                f"ALTER TABLE {reference.table} DROP CONSTRAINT {quote(reference.name)}"
            )
    primary = next((ix for ix in table.indexes if ix.primary), None)
    if primary is not None and old in primary.columns and primary.constraint:
        new_index = index_names.get(primary.name)
        if new_index:
            contract.upgrade += _execute(
                f"ALTER TABLE {t} DROP CONSTRAINT {quote(primary.constraint)}, "
                f"ADD CONSTRAINT {quote(primary.constraint)} PRIMARY KEY USING INDEX {quote(new_index)}"
            )
    contract.upgrade.append(
        f"    # migcheck: ignore[drop-column] every instance uses {new} since the previous deploy"
    )
    contract.upgrade += _execute(f"ALTER TABLE {t} DROP COLUMN {o}")
    # Downgrade: bring OLD back, equal to NEW, with its original constraints, and the trigger.
    contract.downgrade += _execute(lock)
    contract.downgrade += _execute(f"ALTER TABLE {t} ADD COLUMN {o} {column.type}")
    contract.downgrade += _execute(f"UPDATE {t} SET {o} = {n}")
    if column.not_null:
        contract.downgrade += _execute(f"ALTER TABLE {t} ALTER COLUMN {o} SET NOT NULL")
    if column.default is not None:
        contract.downgrade += _execute(f"ALTER TABLE {t} ALTER COLUMN {n} DROP DEFAULT")
        contract.downgrade += _execute(
            f"ALTER TABLE {t} ALTER COLUMN {o} SET DEFAULT {column.default}"
        )
    if column.owned_sequence:
        contract.downgrade += _execute(f"ALTER SEQUENCE {column.owned_sequence} OWNED BY {t}.{o}")
    for index in table.indexes:
        if index.name in index_names and not index.constraint:
            contract.downgrade += _execute(index.definition)
    for constraint in table.constraints:
        # NOT NULL (PostgreSQL 18 catalogs it as a constraint) is restored by SET NOT NULL.
        if old in constraint.columns and constraint.kind in ("c", "f", "u", "x"):
            contract.downgrade += _execute(
                f"ALTER TABLE {t} ADD CONSTRAINT {quote(constraint.name)} {constraint.definition}"
            )
    for reference in table.referencing:
        if old in reference.referenced_columns:
            contract.downgrade += _execute(
                f"ALTER TABLE {reference.table} ADD CONSTRAINT {quote(reference.name)} {reference.definition}"
            )
    contract.downgrade.append("    op.execute(SYNC_FUNCTION)")
    contract.downgrade += _execute(
        f"CREATE TRIGGER {trigger} BEFORE INSERT OR UPDATE ON {t} "
        f"FOR EACH ROW EXECUTE FUNCTION {function}()"
    )
    contract.module_constants = [f'SYNC_FUNCTION = """\n{sync_sql}\n"""']
    plans.append(contract)
    return plans


def _mentions(sql: str, column: str) -> bool:
    return _swap_column(sql, column, "\0") != sql


def _in_schema(table: TableInfo, name: str) -> str:
    return quote(name) if table.schema == "public" else f"{quote(table.schema)}.{quote(name)}"


def _index_sql(index: IndexInfo, new_name: str, old: str, new: str, table: TableInfo) -> str:
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


def _swap_referenced(definition: str, old: str, new: str) -> str:
    """In ``FOREIGN KEY (a) REFERENCES t(old)``, swap only the referenced column."""
    head, sep, tail = definition.partition("REFERENCES ")
    return head + sep + _swap_column(tail, old, new)


# --------------------------------------------------------------------------- table rename


def plan_table_rename(table: TableInfo, new: str) -> list[RevisionPlan]:
    if len(new.encode()) > MAX_IDENTIFIER:
        raise MigcheckError(f"table name {new!r} is longer than {MAX_IDENTIFIER} bytes")
    old_q = table.qualified
    new_q = new if table.schema == "public" or "." in new else f"{table.schema}.{new}"
    o, n = _qualified(old_q), _qualified(new_q)
    lock = f"SET LOCAL lock_timeout = '{LOCK_TIMEOUT}'"
    rename = RevisionPlan(
        slug=f"rename_{table.name}_to_{new.rsplit('.', 1)[-1]}",
        message=f"rename table {table.name} to {new}, with a view under the old name",
        docstring=(
            f"Step 1/2 of renaming {old_q} to {new_q} (generated by migcheck rename).\n\n"
            f"Renames the table (a catalog change, ACCESS EXCLUSIVE for milliseconds with "
            f"lock_timeout) and creates an updatable view named {table.name}, so code that still "
            "uses the old name keeps reading and writing the same rows.\n\n"
            f"Deploy next: application code that uses {new} on every instance. Only then apply "
            "the contract revision."
        ),
    )
    rename.upgrade += _execute(lock)
    rename.upgrade.append(
        f"    # migcheck: ignore[rename-table] the view {table.name} keeps the old name working"
    )
    rename.upgrade += _execute(f"ALTER TABLE {o} RENAME TO {quote(new.rsplit('.', 1)[-1])}")
    rename.upgrade += _execute(f"CREATE VIEW {o} AS SELECT * FROM {n}")
    rename.downgrade += _execute(lock)
    rename.downgrade += _execute(f"DROP VIEW IF EXISTS {o}")
    rename.downgrade += _execute(f"ALTER TABLE {n} RENAME TO {quote(table.name)}")
    contract = RevisionPlan(
        slug=f"contract_drop_view_{table.name}",
        message=f"contract: drop the view {table.name}",
        docstring=(
            f"Step 2/2 of renaming {old_q} to {new_q}.\n\n"
            f"DEPLOY THIS ONLY AFTER EVERY APPLICATION INSTANCE USES {new}: it drops the view "
            f"{table.name} that kept the old name working."
        ),
    )
    contract.upgrade += _execute(lock)
    contract.upgrade += _execute(f"DROP VIEW {o}")
    contract.downgrade += _execute(f"CREATE VIEW {o} AS SELECT * FROM {n}")
    return [rename, contract]


def _qualified(name: str) -> str:
    return ".".join(quote(part) for part in name.split("."))


def deploy_note(plan: RevisionPlan) -> str:
    """The paragraph of the docstring about deploying (before or after this revision)."""
    for paragraph in plan.docstring.split("\n\n"):
        if paragraph.startswith(("Deploy next", "No deploy step", "DEPLOY THIS ONLY")):
            return paragraph
    return ""


def describe_column(column: ColumnInfo) -> str:
    parts = [column.type]
    if column.not_null:
        parts.append("NOT NULL")
    if column.default:
        parts.append(f"DEFAULT {column.default}")
    return " ".join(parts)


def constraint_summary(table: TableInfo, column: str) -> list[str]:
    """Human lines: what the plan rebuilds on the new column."""
    lines = [f"{ix.name}: {ix.definition}" for ix in table.indexes if column in ix.columns]
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
