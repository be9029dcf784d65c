"""Rows a statement locked until its transaction ended: what ``pg_locks`` does not show.

An ``UPDATE`` or ``DELETE`` locks every row it changes, and keeps them locked until its
transaction commits or rolls back: an application's ``UPDATE``, ``DELETE`` or ``SELECT ... FOR
UPDATE`` of one of those rows waits that long (and an ``INSERT`` whose foreign key points at a
deleted row, or at one whose key changed). Row locks live in the rows themselves, not in
``pg_locks`` (which shows a table's ROW EXCLUSIVE lock, the same for one row as for all), and
the probes never touch rows (a probe writing rows would change the data it measures, and could
deadlock with the migration). So the count comes from PostgreSQL's own row count of the
statement, and how long they stayed locked from when the statement began until the transaction
let go of its locks. A loop of single-row UPDATEs in one transaction keeps all of them locked
until the end: the runner adds them up per table and transaction.

Only a single statement that starts with ``UPDATE`` or ``DELETE FROM`` is read here: its target
is certain, and that is the backfill and clean-up of data migrations. ``MERGE``, ``INSERT ...
ON CONFLICT DO UPDATE`` and ``WITH ... UPDATE`` report inserted and updated rows as one count,
``SELECT ... FOR UPDATE`` may lock rows of several tables, a string of several statements
reports the first one's count, and rows a foreign key's ``ON DELETE CASCADE`` removes are not
counted at all: they are left out rather than guessed.
"""

from __future__ import annotations

import re

from migcheck.analysis.names import ident
from migcheck.sqlfile import SPACE_AND_COMMENTS, split_sql

_NAME = r'(?:"(?:[^"]|"")+"|[A-Za-z_][\w$]*)'
_TARGET = re.compile(
    rf"(?:UPDATE|DELETE\s+FROM)(?:\s+|(?=\"))(?:ONLY\s+)?({_NAME})(?:\s*\.\s*({_NAME}))?",
    re.IGNORECASE,
)
_LEADING_COMMENTS = re.compile(SPACE_AND_COMMENTS, re.DOTALL)


def row_lock_target(sql: str) -> str | None:
    """The table whose changed rows ``sql`` keeps locked (``orders``, ``billing.orders``), or
    None when it is not one plain UPDATE or DELETE."""
    start = _LEADING_COMMENTS.match(sql)
    match = _TARGET.match(sql, start.end() if start else 0)
    if match is None:
        return None
    # Several statements in one string? Only worth splitting when a semicolon stands before
    # the end (a data migration's loop sends tens of thousands of single statements).
    if ";" in sql.rstrip().rstrip(";") and len(split_sql(sql)) != 1:
        return None
    first, second = match.group(1), match.group(2)
    if second is None:
        return ident(first)
    schema = ident(first)
    return ident(second) if schema == "public" else f"{schema}.{ident(second)}"
