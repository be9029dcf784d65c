"""The probe, and the fallbacks that replace a generator its rows violate.

A probe of :data:`PROBE_ROWS` rows (rolled back) runs first; a CHECK the generator could not
anticipate is answered by a fallback (NULL, the column default, or a constant) and reported in
:attr:`~migcheck.rehearse.seed.SeedResult.warnings`. Every chunk goes through
:func:`_attempt_with_fallbacks` the same way.
"""

from __future__ import annotations

import secrets
from typing import Any, LiteralString, cast

import psycopg
from psycopg import errors as pg_errors

from migcheck.rehearse.seed.catalog import _Table
from migcheck.rehearse.seed.insert import _Insert, _Slot, _TableSeeder
from migcheck.rehearse.seed.relay import _Relay
from migcheck.rehearse.seed.run import _Run, _SkipTable
from migcheck.rehearse.seed.sql import _execute, _literal, _one_line
from migcheck.rehearse.seed.values import _INTEGER_TYPES, _STRING_TYPES, _TEMPORAL_TYPES

PROBE_ROWS = 1_000
"""Rows inserted (and rolled back) before the first chunk, to find violations cheaply."""
_FALLBACK_ATTEMPTS = 12


def _sequence_states(conn: psycopg.Connection[Any], table: _Table) -> list[tuple[str, int, bool]]:
    states = []
    for column in table.columns:
        if column.sequence_filled and column.sequence:
            row = conn.execute(
                cast("LiteralString", f"SELECT last_value, is_called FROM {column.sequence}")
            ).fetchone()
            if row:
                states.append((column.sequence, int(row[0]), bool(row[1])))
    return states


def _probe(conn: psycopg.Connection[Any], seeder: _TableSeeder, insert: _Insert) -> None:
    """A few rows, rolled back, to meet violations before spending a whole chunk."""
    base, total = seeder.base, seeder.rows
    states = _sequence_states(conn, seeder.table)
    _attempt_with_fallbacks(
        conn, seeder, insert, base + 1, base + min(total, PROBE_ROWS), keep=False
    )
    for sequence, last_value, is_called in states:
        conn.execute("SELECT setval(%s::regclass, %s, %s)", (sequence, last_value, is_called))


def _try_relay(run: _Run, seeder: _TableSeeder, insert: _Insert) -> None:
    """Let ``insert``'s chunks go through a file on the server if that works on a few rows
    (rolled back). Called after the probe: the generators are settled with INSERT first, so
    that a relay failure is about the relay. A failure of the directory, the privilege or the
    disk turns the relay off for the rest of the run (one warning); any other, for this table."""
    if run.scratch_dir is None or not insert.relayable or _has_insert_rules(seeder):
        return
    conn = seeder.conn
    insert.relay = _Relay(run.scratch_dir, secrets.token_hex(6))
    first = seeder.base + 1
    states = _sequence_states(conn, seeder.table)
    try:
        with conn.transaction() as savepoint:
            rows = min(seeder.rows, RELAY_PROBE_ROWS)  # rows the INSERT probe has checked
            _execute(conn, insert.statement(first, first + rows - 1))
            raise psycopg.Rollback(savepoint)
    except psycopg.Error as error:
        insert.relay = None  # this table: INSERT
        if _relay_error(error):  # the directory or the privilege: no table can relay
            run.scratch_dir = None
            run.warnings.append(
                f"{seeder.table.key}: filled with INSERT (slower): COPY through the server's "
                f"scratch directory failed: {_one_line(error)}"
            )
    finally:
        for sequence, last_value, is_called in states:
            conn.execute("SELECT setval(%s::regclass, %s, %s)", (sequence, last_value, is_called))


RELAY_PROBE_ROWS = 100


def _has_insert_rules(seeder: _TableSeeder) -> bool:
    """COPY does not apply rules (``CREATE RULE ... ON INSERT DO INSTEAD``); INSERT does."""
    row = seeder.conn.execute(
        "SELECT EXISTS (SELECT FROM pg_rewrite WHERE ev_class = %s AND ev_type = '3')",
        (seeder.table.oid,),
    ).fetchone()
    return bool(row and row[0])


def _relay_error(error: psycopg.Error) -> bool:
    """Whether ``error`` is about the file rather than the rows: privileges, the disk, a value
    whose binary form COPY FROM does not take back."""
    return isinstance(
        error,
        pg_errors.InsufficientPrivilege | pg_errors.InvalidBinaryRepresentation,
    ) or (error.sqlstate or "")[:2] in ("53", "58")  # disk full; could not open/write file


# Errors an INSERT of generated rows can meet that a different generator may avoid: violations,
# bad values, and (for types we know little about) expressions PostgreSQL rejects.
_GENERATOR_ERRORS = (
    pg_errors.IntegrityError,
    pg_errors.DataError,
    pg_errors.ProgrammingError,
    pg_errors.NotSupportedError,
)


def _attempt_with_fallbacks(
    conn: psycopg.Connection[Any],
    seeder: _TableSeeder,
    insert: _Insert,
    first: int,
    last: int,
    *,
    keep: bool,
) -> None:
    """Run one chunk (``keep``) or probe (rolled back), replacing generators that violate."""
    tried: set[tuple[str, str]] = set()
    for _ in range(_FALLBACK_ATTEMPTS):
        statement = insert.statement(first, last)
        try:
            with conn.transaction() as savepoint:
                _execute(conn, statement)
                if not keep:
                    raise psycopg.Rollback(savepoint)
            return
        except psycopg.Error as error:
            if insert.relay is not None and _relay_error(error):
                insert.relay = None  # the file, not the rows: go on with INSERT
                continue
            if not isinstance(error, _GENERATOR_ERRORS):
                raise
            if not _fall_back(conn, seeder, insert, error, first=first, tried=tried):
                seeder.warn(f"not seeded: {_one_line(error)}")
                raise _SkipTable from None
    seeder.warn(f"not seeded: rows kept violating constraints after {_FALLBACK_ATTEMPTS} fixes")
    raise _SkipTable


def _fall_back(
    conn: psycopg.Connection[Any],
    seeder: _TableSeeder,
    insert: _Insert,
    error: psycopg.Error,
    *,
    first: int,
    tried: set[tuple[str, str]],
) -> bool:
    """Replace one column's generator after ``error``; False when nothing is left to try."""
    table = seeder.table
    diag = error.diag
    constraint = diag.constraint_name
    if isinstance(error, pg_errors.NotNullViolation) and diag.column_name in insert.slots:
        suspects = [diag.column_name]
        reason = f"NOT NULL on {diag.column_name}"
    elif isinstance(error, pg_errors.CheckViolation) and constraint:
        con = next((c for c in table.constraints if c.name == constraint), None)
        if con is not None:
            suspects = [c for c in con.columns if c in insert.slots]
        else:  # a domain's CHECK: every column of that domain
            datatype = diag.datatype_name or ""
            suspects = [
                s.column.name
                for s in insert.slots.values()
                if datatype and datatype in s.column.type.sql
            ] or list(insert.slots)
        reason = f"CHECK {constraint}"
    else:
        suspects = list(insert.slots)
        reason = _one_line(error)
    # Prefer columns whose replacement is harmless: nullable ones, then defaulted ones.
    suspects.sort(key=lambda name: (insert.slots[name].column.not_null, name))
    for name in suspects:
        slot = insert.slots[name]
        for option in _fallback_options(slot):
            if (name, option) in tried or slot.fallback == option:
                continue
            tried.add((name, option))
            replaced = _replace(slot, option)
            probe = _Insert(
                insert.table,
                {**insert.slots, name: replaced},
                insert.joins,
                insert.self_sequence,
                insert.overriding,
                insert.keys,
            )
            if _same_error(_probe_error(conn, probe, first), error):
                continue  # did not help (a different error means it did: handled next)
            insert.slots[name] = replaced
            insert.keys.pop(name, None)
            shown = {"NULL": "left NULL", "default": "filled by its default"}.get(
                option, f"set to {option}"
            )
            seeder.warn(
                f"{reason} could not be satisfied by generated values; column {name} {shown}"
            )
            return True
    return False


def _fallback_options(slot: _Slot) -> list[str]:
    if slot.sequence is not None:
        return []  # valid numbers; replacing some of them would collide with the others
    column = slot.column
    options: list[str] = []
    if not column.not_null and not column.type.domain_not_null:
        options.append("NULL")
    if column.default is not None:
        options.append("default")
    scalar = column.type.scalar
    if column.type.array_dims:
        options.append("'{}'")
    elif scalar in _INTEGER_TYPES or scalar in ("numeric", "float4", "float8", "money"):
        options += ["1", "0", "100", "-1", "1000000"]
    elif scalar == "bool":
        options += ["true", "false"]
    elif scalar in _STRING_TYPES or column.type.category == "S":
        options += ["'a'", "'A'", "'x1'", "'0'"]
    elif scalar in _TEMPORAL_TYPES:
        options += ["now()", "'2000-01-01'", "'infinity'"]
    elif column.type.labels:
        options += [_literal(label) for label in column.type.labels]
    return options


def _replace(slot: _Slot, option: str) -> _Slot:
    target = slot.column.type.sql
    if option == "NULL":
        return _Slot(slot.column, lambda g: f"NULL::{target}", fallback="NULL")
    if option == "default":
        return _Slot(slot.column, lambda g: "DEFAULT", fallback="default")
    return _Slot(slot.column, lambda g: f"({option})::{target}", raw=None, fallback=option)


def _probe_error(
    conn: psycopg.Connection[Any], insert: _Insert, first: int
) -> psycopg.Error | None:
    """The error a probe of ``insert`` meets (rolled back either way), or None."""
    statement = insert.statement(first, first + PROBE_ROWS - 1)
    states = _sequence_states(conn, insert.table)
    try:
        with conn.transaction() as savepoint:
            _execute(conn, statement)
            raise psycopg.Rollback(savepoint)
    except _GENERATOR_ERRORS as error:
        return error
    finally:
        for sequence, last_value, is_called in states:
            conn.execute("SELECT setval(%s::regclass, %s, %s)", (sequence, last_value, is_called))
    return None


def _same_error(new: psycopg.Error | None, old: psycopg.Error) -> bool:
    if new is None:
        return False
    if new.sqlstate != old.sqlstate:
        return False
    if new.diag.constraint_name or old.diag.constraint_name:
        return new.diag.constraint_name == old.diag.constraint_name
    if new.diag.column_name or old.diag.column_name:
        return new.diag.column_name == old.diag.column_name
    return _one_line(new) == _one_line(old)
