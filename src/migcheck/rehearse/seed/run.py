"""What every table of one :func:`~migcheck.rehearse.seed.seed` call shares, and how a table's
filling gives up (skipped, or retried with its indexes in place).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import psycopg

from migcheck.rehearse.seed.analyze import _BackgroundAnalyze
from migcheck.rehearse.seed.catalog import _Catalog, _Constraint
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
    index_build_workers: int | None = None
    """Parallel workers per index rebuild at most (the leader builds too); None: the server's
    setting. Set where the fill connections match the server's cores (throwaway servers)."""
    analyzer: _BackgroundAnalyze | None = None
    """Where a table filled on several connections is analyzed while the next one is filled
    (None: on the main connection)."""
    more_tables: bool = False
    """Whether tables are still to be seeded after the current one."""
    planned_foreign_keys: dict[int, list[_Constraint]] = field(default_factory=dict)
    """Per table oid: foreign keys a revision under test will add (see
    :class:`~migcheck.rehearse.seed.plan.PlannedForeignKey`), as constraints of oid 0."""


class _SkipTable(Exception):
    """This table cannot be seeded; the reason is already in the warnings."""


class _RetryWithIndexes(Exception):
    """Deferring the indexes did not work out: seed the table again with them in place."""
