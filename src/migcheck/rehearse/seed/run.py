"""What every table of one :func:`~migcheck.rehearse.seed.seed` call shares, and how a table's
filling gives up (skipped, or retried with its indexes in place).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import psycopg

from migcheck.rehearse.seed.catalog import _Catalog
from migcheck.rehearse.seed.keys import _KeyBook
from migcheck.rehearse.seed.workers import _WorkerPool

ProgressCallback = Callable[[str, int, int], None]


@dataclass
class _Run:
    """What every table of one :func:`seed` call shares."""

    conn: psycopg.Connection[Any]
    catalog: _Catalog
    keybook: _KeyBook
    warnings: list[str]
    today: dt.date
    on_progress: ProgressCallback | None
    defer_indexes: bool
    pool: _WorkerPool | None = None
    scratch_dir: str | None = None
    """A directory on the server for the COPY relay (:mod:`.relay`); None: INSERT only."""


class _SkipTable(Exception):
    """This table cannot be seeded; the reason is already in the warnings."""


class _RetryWithIndexes(Exception):
    """Deferring the indexes did not work out: seed the table again with them in place."""
