"""Fill a throwaway database with production-sized, constraint-respecting rows, server-side.

``migcheck rehearse`` upgrades a scratch PostgreSQL to the revision before the ones under test,
then calls :func:`plan_seed` and :func:`seed` so that the migrations meet realistic volumes.

This module is the public API; each step lives in a module of its own (their documentation says
how it works, and why), in the order a seed runs:

* :mod:`.plan` - which tables get how many rows, parents before children.
* :mod:`.seeding` - :func:`seed`: the planned tables one after another, and the result.
* :mod:`.catalog` - the tables' columns, types, constraints and indexes, from pg_catalog.
* :mod:`.checks` - what CHECK constraints allow for single columns.
* :mod:`.values` (with the vocabulary in :mod:`.words`) - a SQL expression of the row number per
  column, deterministic, so that two runs seed the same data.
* :mod:`.keys` - foreign-key values drawn from the parents' keys.
* :mod:`.insert` - one table's ``INSERT ... SELECT ... FROM generate_series`` statement.
* :mod:`.relay` - the same rows through a file on the server and ``COPY`` (throwaway servers).
* :mod:`.deferral` - indexes and keys dropped while a table is filled, rebuilt in bulk after.
* :mod:`.fallbacks` - the probe, and replacements for generators whose rows are rejected.
* :mod:`.fill` - one table on the main connection, in one transaction, chunk by chunk.
* :mod:`.parallel` (connections from :mod:`.workers`) - one empty table on several connections.
* :mod:`.analyze` - ANALYZE of such a table on a connection of its own, while the next is filled.
* :mod:`.run` - what the tables of one :func:`seed` call share.
* :mod:`.sql` - quoting, running statements, savepoints, transaction ownership.
* :mod:`.stats` - :func:`read_production_stats` (``--rows-from``).
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    # Private names re-exported for the tests (``as`` marks them as deliberate re-exports).
    from migcheck.rehearse.seed.checks import _parse_check as _parse_check
    from migcheck.rehearse.seed.checks import _Rules as _Rules
    from migcheck.rehearse.seed.fill import CHUNK_ROWS
    from migcheck.rehearse.seed.insert import DEFAULT_NULL_FRACTION
    from migcheck.rehearse.seed.parallel import PARALLEL_MIN_ROWS
    from migcheck.rehearse.seed.plan import TablePlan, plan_seed
    from migcheck.rehearse.seed.seeding import SeedResult, seed
    from migcheck.rehearse.seed.stats import read_production_stats
    from migcheck.rehearse.seed.workers import WORKERS_ENV, seed_workers

# Each name and the module it lives in, imported when first asked for: a rehearsal that seeds
# nothing (a --database-url with its own data) plans with .plan alone, and the generators,
# COPY relay and fallbacks (~25 ms of imports) are never loaded.
_LAZY = {
    "_parse_check": "checks",
    "_Rules": "checks",
    "CHUNK_ROWS": "fill",
    "DEFAULT_NULL_FRACTION": "insert",
    "PARALLEL_MIN_ROWS": "parallel",
    "TablePlan": "plan",
    "plan_seed": "plan",
    "SeedResult": "seeding",
    "seed": "seeding",
    "read_production_stats": "stats",
    "WORKERS_ENV": "workers",
    "seed_workers": "workers",
}


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(f"{__name__}.{module}"), name)


__all__ = [
    "CHUNK_ROWS",
    "DEFAULT_NULL_FRACTION",
    "PARALLEL_MIN_ROWS",
    "WORKERS_ENV",
    "SeedResult",
    "TablePlan",
    "plan_seed",
    "read_production_stats",
    "seed",
    "seed_workers",
]
