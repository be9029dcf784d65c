"""Production statistics (``--rows-from``): row estimates and NULL shares, read without writing."""

from __future__ import annotations

import re
from typing import Any, LiteralString, cast

import psycopg
from psycopg.conninfo import conninfo_to_dict, make_conninfo

from migcheck.errors import BackendError
from migcheck.rehearse.seed.sql import _one_line

STATS_TIMEOUT_MS = 10_000


def read_production_stats(conninfo: str) -> tuple[dict[str, int], dict[str, dict[str, float]]]:
    """Row estimates and NULL shares of a (production) database, read without writing anything.

    Returns ``(rows, null_fractions)``: ``pg_class.reltuples`` per table (``"schema.table"``;
    partitions are added to their partitioned table; never-analysed tables are left out), and
    ``pg_stats.null_frac`` per table and column where the role may read them. Runs in a READ
    ONLY transaction with ``default_transaction_read_only`` and a 10 s ``statement_timeout``.
    Raises :class:`BackendError` (one line, password masked) when the database cannot be read.
    """
    from migcheck.rehearse.backends import mask_url

    # A SQLAlchemy URL (postgresql+psycopg://...) names a driver libpq does not know.
    libpq_conninfo = re.sub(r"^(postgres(?:ql)?)\+[A-Za-z0-9_]+://", r"\1://", conninfo)
    password = _password_of(libpq_conninfo)

    def scrub(text: str) -> str:
        return text.replace(password, "***") if password else text

    try:
        params = {
            key: str(value)
            for key, value in conninfo_to_dict(libpq_conninfo).items()
            if value is not None
        }
    except psycopg.Error as error:
        raise BackendError(
            f"--rows-from {mask_url(conninfo)}: invalid connection string: "
            f"{scrub(_one_line(error))}"
        ) from None
    params["application_name"] = "migcheck-rows-from"
    params.setdefault("connect_timeout", "10")
    try:
        with psycopg.connect(make_conninfo("", **params)) as conn:
            # Belt and braces, and no startup options (connection poolers refuse them): a read
            # only transaction (BEGIN READ ONLY), read only by default for the session too.
            conn.read_only = True
            conn.execute("SET TRANSACTION READ ONLY")
            conn.execute("SET default_transaction_read_only = on")
            conn.execute(cast("LiteralString", f"SET statement_timeout = {STATS_TIMEOUT_MS}"))
            rows = _production_rows(conn)
            fractions = _production_null_fractions(conn)
            conn.rollback()  # nothing to commit: the transaction only read
    except psycopg.Error as error:
        raise BackendError(
            f"cannot read statistics from {mask_url(conninfo)}: {scrub(_one_line(error))}"
        ) from None
    return rows, fractions


def _password_of(conninfo: str) -> str:
    try:
        return str(conninfo_to_dict(conninfo).get("password") or "")
    except psycopg.Error:
        match = re.search(r"://[^:/@]*:([^@]*)@", conninfo)
        return match.group(1) if match else ""


_USER_SCHEMAS = """
    n.nspname NOT IN ('pg_catalog', 'information_schema')
    AND n.nspname NOT LIKE 'pg\\_toast%' AND n.nspname NOT LIKE 'pg\\_temp\\_%'
"""


def _production_rows(conn: psycopg.Connection[Any]) -> dict[str, int]:
    estimates: dict[str, int] = {}
    query = f"""
        SELECT rn.nspname || '.' || r.relname, c.reltuples, c.relkind::text
        FROM pg_class c
        JOIN pg_namespace n ON n.oid = c.relnamespace
        JOIN pg_class r ON r.oid = CASE WHEN c.relispartition THEN pg_partition_root(c.oid)
                                        ELSE c.oid END
        JOIN pg_namespace rn ON rn.oid = r.relnamespace
        WHERE c.relkind IN ('r', 'p') AND {_USER_SCHEMAS}
        ORDER BY 1
    """
    for key, reltuples, relkind in conn.execute(cast("LiteralString", query)).fetchall():
        # A partitioned table holds no rows itself: its partitions' estimates add up under it.
        if relkind == "p" or reltuples is None or reltuples < 0:
            continue  # reltuples = -1: never vacuumed or analysed, no estimate
        estimates[key] = estimates.get(key, 0) + round(float(reltuples))
    return estimates


def _production_null_fractions(conn: psycopg.Connection[Any]) -> dict[str, dict[str, float]]:
    fractions: dict[str, dict[str, float]] = {}
    # pg_stats only shows columns the role may read; a plain table's own row (inherited = false)
    # wins over the inheritance tree's.
    query = """
        SELECT schemaname || '.' || tablename, attname, null_frac
        FROM pg_stats
        WHERE schemaname NOT IN ('pg_catalog', 'information_schema')
        ORDER BY schemaname, tablename, attname, inherited DESC
    """
    for key, column, null_frac in conn.execute(query).fetchall():
        if null_frac is not None:
            fractions.setdefault(key, {})[column] = float(null_frac)
    return fractions
