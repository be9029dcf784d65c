"""Rows through a file on the server: ``COPY (SELECT ...) TO`` it, then ``COPY ... FROM`` it.

``INSERT ... SELECT`` stores its rows one by one: a heap insertion and a WAL record per row.
``COPY ... FROM`` stores them in batches (``heap_multi_insert``: one WAL record per page), which
on PostgreSQL 18 takes half the time for rows like pgbench's; writing and reading the values'
binary form costs less than that saves, except for json, arrays and ranges
(:func:`~migcheck.rehearse.seed.insert._dear_to_relay`). COPY cannot read from a query,
so a chunk is written by the server to a file of its own filesystem in binary form (cheap: no
text to format or parse), loaded from there, and the file is emptied again, all in one
statement string (one round trip; one implicit transaction on an autocommit connection).

This needs a directory the server may write to and read from, and the privilege to do so
(superuser, or pg_write_server_files and pg_read_server_files): the throwaway backends have both
(:attr:`~migcheck.rehearse.backends.Database.scratch_dir`). A user's database never gets a
scratch directory: it is seeded with INSERT. Whether the relay works is tried once per table on
a few rows (:func:`~migcheck.rehearse.seed.fallbacks._try_relay`); when it does not, the table
is filled with INSERT as before.
"""

from __future__ import annotations

from dataclasses import dataclass

from migcheck.rehearse.seed.sql import _literal

RELAY_CHUNK_ROWS = 50_000
"""Rows per relayed chunk: small files (a few MB), and connections finishing close together."""


@dataclass(frozen=True)
class _Relay:
    """Where one table's chunks go on their way in."""

    directory: str
    """A directory on the server's own filesystem (not necessarily this machine's)."""
    token: str
    """Random, so that two tables (or two runs on one server) never share a file."""

    def path(self, first: int) -> str:
        # One file per chunk (chunks are numbered by their first row): connections filling
        # the same table at once never write the same file.
        return f"{self.directory}/migcheck-seed-{self.token}-{first}.bin"

    def statements(self, select: str, target: str, first: int) -> str:
        path = _literal(self.path(first))
        return (
            f"COPY ({select}) TO {path} (FORMAT binary); "
            f"COPY {target} FROM {path} (FORMAT binary); "
            # Empty it again: the next chunks must not pile up on the server's disk.
            f"COPY (SELECT 1 WHERE false) TO {path}"
        )
