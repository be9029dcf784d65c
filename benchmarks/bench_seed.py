"""Benchmark: migcheck's seeder against ``pgbench -i`` on the same embedded PostgreSQL 18.

Run by hand (not by pytest)::

    uv run --no-sync python benchmarks/bench_seed.py [--scale 10] [--repeat 5] [--shop-rows 1000000]

Both sides are timed the same way: wall-clock from Python around the whole operation (pgbench:
the subprocess, connecting included; migcheck: connecting, ``seed()`` and closing), after a
CHECKPOINT, ``--repeat`` times, the two sides taking turns (autovacuum off, so that no worker
wakes up on one side's table during the other's run); medians are compared. The ratio is
migcheck's rows per second divided by pgbench's (>= 1.0: migcheck is at least as fast).

1. Generation. pgbench ``-I dtG`` (drop, create, server-side ``INSERT ... SELECT
   generate_series``) and ``-I dtg`` (client-side generation sent with ``COPY ... FREEZE``),
   against migcheck filling a ``pgbench_accounts``-shaped table that has no index (``seed()``
   ends with ANALYZE, which pgbench's generation does not do).
2. Everything. pgbench's default ``-I dtgvp`` (generate, VACUUM ANALYZE, primary keys), against
   migcheck seeding the same table *with* its primary key, as a migrated schema has it:
   ``seed()`` drops the key, fills the table, rebuilds the key and runs ANALYZE.
3. A realistic shop schema (users, products, orders -> users, order_items -> orders, products;
   identity, enum, domain, CHECKs, jsonb, arrays, seven indexes), ``--shop-rows`` rows in each
   big table, against ``pgbench -i`` at the scale giving about as many rows. Not like with like
   (wider rows, more indexes): shown for scale.

migcheck fills a table on ``seed_workers()`` connections at once (one per core, at most 4;
``MIGCHECK_SEED_WORKERS`` forces it); the one-connection rate is shown beside it for reference.
Rows go through the embedded server's scratch directory (``COPY (SELECT ...) TO`` a file, then
``COPY ... FROM`` it, see ``migcheck.rehearse.seed.relay``), as in ``migcheck rehearse``.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from psycopg import sql

from migcheck.rehearse.backends import Database, connect, open_database, with_dbname
from migcheck.rehearse.seed import TablePlan, plan_seed, seed, seed_workers

ACCOUNTS_TABLE = """
DROP TABLE IF EXISTS bench_accounts;
CREATE TABLE bench_accounts (aid int NOT NULL {key}, bid int, abalance int, filler char(84));
"""

SHOP_SCHEMA = """
DROP TABLE IF EXISTS order_items, orders, products, users CASCADE;
DROP TYPE IF EXISTS order_status;
DROP DOMAIN IF EXISTS positive_money;
CREATE TYPE order_status AS ENUM ('new', 'paid', 'shipped', 'cancelled', 'refunded');
CREATE DOMAIN positive_money AS numeric(12, 2) CHECK (VALUE > 0);
CREATE TABLE users (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    email varchar(255) NOT NULL UNIQUE,
    name text NOT NULL,
    country char(2),
    tier text NOT NULL DEFAULT 'free' CHECK (tier IN ('free', 'pro', 'enterprise')),
    settings jsonb NOT NULL DEFAULT '{}',
    tags text[],
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz
);
CREATE TABLE products (
    id serial PRIMARY KEY,
    sku text NOT NULL UNIQUE,
    title text NOT NULL,
    price numeric(10, 2) NOT NULL CHECK (price > 0)
);
CREATE TABLE orders (
    id bigserial PRIMARY KEY,
    user_id bigint NOT NULL REFERENCES users (id),
    status order_status NOT NULL DEFAULT 'new',
    total positive_money NOT NULL,
    note text,
    placed_at timestamptz NOT NULL DEFAULT now(),
    shipped_at timestamptz,
    CHECK (shipped_at IS NULL OR shipped_at >= placed_at)
);
CREATE INDEX orders_user_id_idx ON orders (user_id);
CREATE INDEX orders_placed_at_idx ON orders (placed_at);
CREATE TABLE order_items (
    id bigserial PRIMARY KEY,
    order_id bigint NOT NULL REFERENCES orders (id) ON DELETE CASCADE,
    product_id int NOT NULL REFERENCES products (id),
    quantity int NOT NULL CHECK (quantity > 0),
    unit_price numeric(10, 2) NOT NULL
);
CREATE INDEX order_items_order_id_idx ON order_items (order_id);
"""

PGBENCH_ROWS_PER_SCALE = 100_000 + 10 + 1  # accounts, tellers, branches


@dataclass
class Timing:
    seconds: float
    rows: int

    @property
    def rate(self) -> float:
        return self.rows / self.seconds


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--scale", type=int, default=10, help="pgbench scale (100,000 rows each)")
    parser.add_argument("--repeat", type=int, default=5, help="runs per measurement (median)")
    parser.add_argument("--shop-rows", type=int, default=1_000_000, help="0 skips the shop")
    options = parser.parse_args()
    workers = seed_workers()

    with open_database("embedded", on_status=lambda line: print(f"# {line}")) as db:
        assert db.bin_dir is not None
        with connect(db, autocommit=True) as conn:
            # No autovacuum worker waking up on one side's table in the middle of the other's
            # run: both sides vacuum or analyze explicitly where they do at all.
            conn.execute("ALTER SYSTEM SET autovacuum = off")
            conn.execute("SELECT pg_reload_conf()")
        settings = None
        for _ in range(50):  # the server reloads its configuration asynchronously
            with connect(db, autocommit=True) as conn:
                settings = conn.execute(
                    "SELECT version(), current_setting('fsync'), current_setting('wal_level'), "
                    "current_setting('shared_buffers'), current_setting('wal_buffers'), "
                    "current_setting('autovacuum')"
                ).fetchone()
            if settings and settings[-1] == "off":
                break
            time.sleep(0.1)
        print(f"# {settings}")
        print(f"# migcheck fills each table on {workers} connection(s) (seed_workers())")
        accounts = options.scale * 100_000
        pgbench = PgBench(db, db.bin_dir / "pgbench")
        verdicts: list[tuple[str, float]] = []

        print(f"\n## 1. generation ({accounts:,} pgbench_accounts rows, no index)")
        server, client, ours, ours_one = take_turns(
            options.repeat,
            lambda: pgbench.run(options.scale, "dtG"),
            lambda: pgbench.run(options.scale, "dtg"),
            lambda: seed_accounts(db, accounts, with_key=False, workers=workers),
            lambda: seed_accounts(db, accounts, with_key=False, workers=1),
        )
        show("pgbench -i -I dtG (server-side INSERT ... SELECT)", server)
        show("pgbench -i -I dtg (client-side, COPY FREEZE)", client)
        show(f"migcheck seed(), {workers} connection(s), incl. ANALYZE", ours)
        show("migcheck seed(), 1 connection (reference)", ours_one)
        verdicts.append(compare("generation vs -I dtG", ours, server))
        verdicts.append(compare("generation vs -I dtg", ours, client))

        print(f"\n## 2. everything ({accounts:,} rows, with the primary key)")
        full, ours_full, ours_full_one = take_turns(
            options.repeat,
            lambda: pgbench.run(options.scale, "dtgvp"),
            lambda: seed_accounts(db, accounts, with_key=True, workers=workers),
            lambda: seed_accounts(db, accounts, with_key=True, workers=1),
        )
        show("pgbench -i (dtgvp: generate, vacuum analyze, primary keys)", full)
        show(
            f"migcheck seed(), {workers} connection(s): drop key, fill, rebuild, analyze", ours_full
        )
        show("migcheck seed(), 1 connection (reference)", ours_full_one)
        verdicts.append(compare("everything vs -i (dtgvp)", ours_full, full))

        if options.shop_rows:
            shop_scale = max(1, round((3 * options.shop_rows + 10_000) / PGBENCH_ROWS_PER_SCALE))
            print(
                f"\n## 3. shop schema ({options.shop_rows:,} users, orders and order_items, "
                f"10,000 products) vs pgbench -i -s {shop_scale}"
            )
            theirs, shop = take_turns(
                max(1, options.repeat - 2),
                lambda: pgbench.run(shop_scale, "dtgvp"),
                lambda: seed_shop(db, options.shop_rows, workers=workers),
            )
            show(f"pgbench -i -s {shop_scale} (dtgvp)", theirs)
            show(f"migcheck seed(), shop schema, {workers} connection(s)", shop)
            compare("shop vs -i (not like with like)", shop, theirs)

        print("\n## verdict (requirement: ratio >= 1.0 in the like-with-like comparisons)")
        for label, ratio in verdicts:
            print(f"{label:28s} ratio {ratio:.2f}  {'met' if ratio >= 1.0 else 'NOT met'}")
    return 0


class PgBench:
    """Runs ``pgbench -i``, timed from here like everything else."""

    def __init__(self, db: Database, binary: Path) -> None:
        self.db, self.binary = db, binary

    def run(self, scale: int, steps: str) -> Timing:
        checkpoint(self.db)
        command = [str(self.binary), "-i", "-q", "-s", str(scale), "-I", steps, self.db.conninfo]
        started = time.perf_counter()
        subprocess.run(command, capture_output=True, text=True, check=True)
        return Timing(time.perf_counter() - started, scale * PGBENCH_ROWS_PER_SCALE)


def seed_accounts(db: Database, rows: int, *, with_key: bool, workers: int) -> Timing:
    """migcheck's seeder on a table shaped like pgbench_accounts."""
    with connect(db, autocommit=True) as conn:
        conn.execute(ACCOUNTS_TABLE.format(key="PRIMARY KEY" if with_key else ""))
    checkpoint(db)
    started = time.perf_counter()
    with connect(db) as conn:
        result = seed(
            conn,
            [TablePlan("public.bench_accounts", rows)],
            connect=lambda: connect(db, autocommit=True),
            workers=workers,
            scratch_dir=db.scratch_dir,
        )
    seconds = time.perf_counter() - started
    assert result.tables == {"public.bench_accounts": rows}, result
    assert not result.warnings, result.warnings
    return Timing(seconds, rows)


def seed_shop(server: Database, rows: int, *, workers: int) -> Timing:
    """The shop schema in a database of its own (plan_seed takes every table it finds)."""
    with connect(server, autocommit=True) as conn:
        conn.execute("DROP DATABASE IF EXISTS bench_shop")
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier("bench_shop")))
    db = with_dbname(server, "bench_shop")
    with connect(db, autocommit=True) as conn:
        conn.execute(SHOP_SCHEMA)
    checkpoint(db)
    started = time.perf_counter()
    with connect(db) as conn:
        plans = plan_seed(conn, default_rows=rows, rows={"products": 10_000})
        result = seed(
            conn,
            plans,
            connect=lambda: connect(db, autocommit=True),
            workers=workers,
            scratch_dir=server.scratch_dir,
        )
    seconds = time.perf_counter() - started
    assert not result.warnings, result.warnings
    return Timing(seconds, result.total_rows)


def checkpoint(db: Database) -> None:
    with connect(db, autocommit=True) as conn:
        conn.execute("CHECKPOINT")


def take_turns(repeat: int, *measures: Callable[[], Timing]) -> list[Timing]:
    """Each measurement ``repeat`` times, taking turns (drift hits all alike); the medians."""
    runs: list[list[Timing]] = [[] for _ in measures]
    for _ in range(repeat):
        for measure, timings in zip(measures, runs, strict=True):
            timings.append(measure())
    medians = []
    for timings in runs:
        seconds = [t.seconds for t in timings]
        print(f"#   runs: {', '.join(f'{s:.3f}' for s in seconds)} s")
        medians.append(Timing(statistics.median(seconds), timings[0].rows))
    return medians


def show(label: str, timing: Timing) -> None:
    print(f"{label}: {timing.rows:,} rows in {timing.seconds:.3f} s ({rate(timing)})")


def compare(label: str, ours: Timing, theirs: Timing) -> tuple[str, float]:
    ratio = ours.rate / theirs.rate
    print(f"ratio ({label}): {rate(ours)} / {rate(theirs)} = {ratio:.2f}")
    return label, ratio


def rate(timing: Timing) -> str:
    return f"{timing.rate / 1000:,.0f}k rows/s"


if __name__ == "__main__":
    sys.exit(main())
