"""Writing and running the SQL we assemble: quoting, executing, savepoints, transaction ownership.

Every statement the seeder sends is text we put together from catalog names (quoted by
:func:`_ident`) and our own literals (quoted by :func:`_literal`); the helpers here run it, try it
in a savepoint, and decide whether we or the caller own the transactions.
"""

from __future__ import annotations

from collections.abc import Generator
from contextlib import contextmanager
from typing import Any, LiteralString, cast

import psycopg
from psycopg.pq import TransactionStatus


def _literal(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


def _ident(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _execute(conn: psycopg.Connection[Any], statement: str) -> None:
    # Statements are assembled from catalog names (quoted by _ident) and our own literals
    # (quoted by _literal); no user input reaches them unquoted.
    conn.execute(cast("LiteralString", statement))


def _one_line(error: BaseException) -> str:
    text = str(error).strip().splitlines()
    return text[0] if text else type(error).__name__


def _try(conn: psycopg.Connection[Any], statement: str) -> bool:
    """Run ``statement`` in a savepoint; False (and nothing happened) if it fails."""
    try:
        with conn.transaction():
            _execute(conn, statement)
    except psycopg.Error:
        return False
    return True


@contextmanager
def _own_transactions(conn: psycopg.Connection[Any]) -> Generator[bool, None, None]:
    """Autocommit while we work on an idle connection: our transactions are then real ones
    (each table committed on its own), and catalog reads leave no transaction open. Inside a
    caller's transaction everything stays in it (as savepoints).

    Yields whether our transactions are our own (False inside the caller's transaction)."""
    idle = conn.info.transaction_status == TransactionStatus.IDLE
    if conn.autocommit or not idle:
        yield conn.autocommit and idle
        return
    conn.autocommit = True
    try:
        yield True
    finally:
        if not conn.closed and conn.info.transaction_status == TransactionStatus.IDLE:
            conn.autocommit = False
