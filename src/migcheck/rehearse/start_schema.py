"""``--start-schema``: the schema the revisions under test start from, given as SQL.

Two kinds of history cannot be brought to their start by upgrading: those whose first tables
come from the application (``metadata.create_all()``) rather than from a revision, and those
whose production schema holds more than the revisions made (extensions, indexes and triggers
added by hand). For both, the schema is handed over as SQL — ``pg_dump --schema-only
--no-owner --no-privileges`` of production, or of a database at the start — and applied to the
throwaway server before anything else. The database is then stamped at the revision before the
first one under test (``--from REV``, or the one before ``--since``'s first), as ``alembic
stamp`` would, instead of being upgraded to it; without either, nothing is stamped (the schema
is what the application makes before its first revision) unless the SQL sets a version itself.

Only for throwaway servers: a ``--database-url`` database has its schema already.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path
from typing import LiteralString, cast

import psycopg

from migcheck.errors import RehearsalError
from migcheck.rehearse.backends import Database, connect
from migcheck.report.paths import display_path

# psql meta-commands (pg_dump writes \restrict and \unrestrict since PostgreSQL 17.6, and
# \connect with --create): they are psql's, not the server's.
_META_COMMAND = re.compile(r"^\\\S*")
# Rows (a dump with data): COPY ... FROM stdin is followed by the rows, which only psql sends.
_COPY_FROM_STDIN = re.compile(r"^COPY\s.*\bFROM\s+stdin\b", re.IGNORECASE)


def read_start_schema(path: Path) -> str:
    """The SQL to run, line for line as in ``path`` (meta-commands blanked, so that the server's
    error positions still fall on the file's lines). Refuses a dump with rows."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise RehearsalError(f"--start-schema {display_path(path)}: cannot read: {error}") from None
    # Split on newlines only: str.splitlines() would also split (and rewrite) other line
    # separators inside literals, and the server's line numbers would no longer be the file's.
    lines = [line.removesuffix("\r") for line in text.split("\n")]
    for number, line in enumerate(lines, start=1):
        if _COPY_FROM_STDIN.match(line):
            raise RehearsalError(
                f"{display_path(path)}:{number}: --start-schema takes a schema, not rows "
                "(dump it with pg_dump --schema-only --no-owner --no-privileges)"
            )
    return "\n".join("" if _META_COMMAND.match(line) else line for line in lines)


def apply_start_schema(database: Database, path: Path, sql: str, stamp: Sequence[str] = ()) -> None:
    """Run ``sql`` (from :func:`read_start_schema`) on ``database`` in one transaction, then
    record ``stamp`` as its Alembic revisions, one per head (none: leave the version table as
    the SQL left it)."""
    if not database.throwaway:
        raise RehearsalError("--start-schema applies to a throwaway server (docker or embedded)")
    with connect(database, autocommit=True) as conn:
        known = {row[0] for row in conn.execute("SELECT name FROM pg_settings")}
        sql = _without_unknown_settings(sql, known)
        try:
            with conn.transaction():
                # One string, the simple-query protocol: statements run in order, any error
                # rolls back the whole script.
                conn.execute(cast("LiteralString", sql))  # the user's own SQL, as psql would run it
        except psycopg.Error as error:
            raise RehearsalError(_located(path, sql, error)) from None
    if not stamp:
        return
    # A connection of its own: the script's SET commands (pg_dump empties search_path) stay
    # with the one it ran on. Alembic's version table, as migcheck.online.OnlineRunner keeps it.
    with connect(database, autocommit=True) as conn, conn.transaction():
        conn.execute(
            "CREATE TABLE IF NOT EXISTS alembic_version (version_num VARCHAR(32) NOT NULL, "
            "CONSTRAINT alembic_version_pkc PRIMARY KEY (version_num))"
        )
        conn.execute("DELETE FROM alembic_version")
        for revision in stamp:
            conn.execute("INSERT INTO alembic_version (version_num) VALUES (%s)", (revision,))


# pg_dump's preamble: "SET transaction_timeout = 0;" and the like, one per line.
_SET_LINE = re.compile(r"^SET\s+(\w+)\s*(=|TO)\s*.*;\s*$", re.IGNORECASE)


def _without_unknown_settings(sql: str, known: set[str]) -> str:
    """Blank the preamble's SET lines of settings this server does not have: pg_dump 17 writes
    ``SET transaction_timeout = 0;`` whatever the version it dumps, and psql only warns about
    it on an older server, where the schema itself loads fine."""
    lines = sql.split("\n")
    for index, line in enumerate(lines):
        match = _SET_LINE.match(line)
        if match and match.group(1).lower() not in known:
            lines[index] = ""
    return "\n".join(lines)


def _located(path: Path, sql: str, error: psycopg.Error) -> str:
    """``file:line: PostgreSQL error CODE: message``; the line comes from the server's cursor
    position, which some errors (a missing role) do not have: then the file alone."""
    diag = error.diag
    message = (diag.message_primary or str(error)).strip().splitlines()[0]
    where = display_path(path)
    position = diag.statement_position
    if position and position.isdigit():
        where += f":{sql[: int(position) - 1].count(chr(10)) + 1}"
    hint = ""
    if diag.sqlstate == "42704" and "role" in message:
        hint = " (dump without owners and grants: pg_dump --schema-only --no-owner --no-privileges)"
    return f"{where}: PostgreSQL error {diag.sqlstate}: {message} (applying --start-schema){hint}"
