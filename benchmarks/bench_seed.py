"""Benchmark: migcheck's seeder against ``pgbench -i`` on the same embedded PostgreSQL 18.

Run by hand (not by pytest)::

    uv run --no-sync python benchmarks/bench_seed.py [--scale 10] [--repeat 3] [--shop-rows 1000000]

What is compared, like with like, each best of ``--repeat`` runs after a CHECKPOINT:

1. Data generation only. pgbench ``-I dtg`` (client-side generation, sent with COPY FREEZE) and
   ``-I dtG`` (server-side ``INSERT ... SELECT generate_series``): the "generate" phase that
   pgbench itself reports. migcheck: a ``pgbench_accounts``-like table without indexes, timed
   from the call to ``seed()`` to its last progress report (before ANALYZE).
2. Everything. pgbench's default ``-I dtgvp`` (generate, VACUUM ANALYZE, primary keys), its
   reported total. migcheck: the same table *with* its primary key, as a migrated schema has it;
   ``seed()`` drops it, fills the table, rebuilds the key and runs ANALYZE.
3. A realistic shop schema (users, products, orders -> users, order_items -> orders, products;
   identity, enum, domain, CHECKs, jsonb, arrays, secondary indexes), ``--shop-rows`` rows in
   each big table, against pgbench's full rate.
"""

from __future__ import annotations

import argparse
import re
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from psycopg import sql

from migcheck.rehearse.backends import Database, connect, open_database, with_dbname
from migcheck.rehearse.seed import TablePlan, plan_seed, seed

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
    parser.add_argument("--repeat", type=int, default=3, help="runs per measurement (best kept)")
    parser.add_argument("--shop-rows", type=int, default=1_000_000, help="0 skips the shop")
    options = parser.parse_args()

    with open_database("embedded", on_status=lambda line: print(f"# {line}")) as db:
        assert db.bin_dir is not None
        with connect(db, autocommit=True) as conn:
            settings = conn.execute(
                "SELECT version(), current_setting('fsync'), current_setting('wal_level'), "
                "current_setting('shared_buffers')"
            ).fetchone()
        print(f"# {settings}")
        accounts = options.scale * 100_000
        pgbench = PgBench(db, db.bin_dir / "pgbench", options.scale)

        print(f"\n## 1. data generation only ({accounts:,} pgbench_accounts rows)")
        client = best(options.repeat, lambda: pgbench.run("dtg", phase="client-side generate"))
        server = best(options.repeat, lambda: pgbench.run("dtG", phase="server-side generate"))
        ours = best(options.repeat, lambda: seed_accounts(db, accounts, with_key=False))
        show("pgbench -i -I dtg (client COPY)", client)
        show("pgbench -i -I dtG (server INSERT)", server)
        show("migcheck seed, no indexes, until last chunk", ours)
        print(compare("seed", ours, "pgbench -i -I dtg", client))
        print(compare("seed", ours, "pgbench -i -I dtG", server))

        print(f"\n## 2. everything ({accounts:,} rows, with the primary key)")
        full = best(options.repeat, lambda: pgbench.run("dtgvp", phase=None))
        ours_full = best(options.repeat, lambda: seed_accounts(db, accounts, with_key=True))
        show("pgbench -i (dtgvp: generate, vacuum analyze, primary keys)", full)
        show("migcheck seed (drop key, fill, rebuild key, analyze)", ours_full)
        print(compare("seed", ours_full, "pgbench -i", full))

        if options.shop_rows:
            print(f"\n## 3. shop schema ({options.shop_rows:,} users, orders and order_items)")
            shop = best(max(1, options.repeat - 1), lambda: seed_shop(db, options.shop_rows))
            show("migcheck seed, shop schema", shop)
            print(compare("seed (shop)", shop, "pgbench -i", full))
    return 0


class PgBench:
    """Runs ``pgbench -i`` and reads the times it reports itself."""

    def __init__(self, db: Database, binary: Path, scale: int) -> None:
        self.db, self.binary, self.scale = db, binary, scale
        self.rows = scale * (100_000 + 10 + 1)  # accounts, tellers, branches

    def run(self, steps: str, *, phase: str | None) -> Timing:
        checkpoint(self.db)
        command = [str(self.binary), "-i", "-q", "-s", str(self.scale), "-I", steps]
        done = subprocess.run(
            [*command, self.db.conninfo], capture_output=True, text=True, check=True
        )
        report = done.stderr + done.stdout
        total = re.search(r"done in ([\d.]+) s", report)
        assert total, report
        if phase is None:
            return Timing(float(total.group(1)), self.rows)
        part = re.search(rf"{phase} ([\d.]+) s", report)
        assert part, report
        return Timing(float(part.group(1)), self.rows)


def seed_accounts(db: Database, rows: int, *, with_key: bool) -> Timing:
    """migcheck's seeder on a table shaped like pgbench_accounts."""
    key = "PRIMARY KEY" if with_key else ""
    with connect(db, autocommit=True) as conn:
        conn.execute(ACCOUNTS_TABLE.format(key=key))
    checkpoint(db)
    with connect(db) as conn:
        last_chunk: list[float] = []
        started = time.perf_counter()
        result = seed(
            conn,
            [TablePlan("public.bench_accounts", rows)],
            on_progress=lambda *_: last_chunk.append(time.perf_counter()),
        )
        finished = time.perf_counter()
    assert result.tables == {"public.bench_accounts": rows}, result
    assert not result.warnings, result.warnings
    # Without a key: up to the last chunk (no ANALYZE), as pgbench's generate phase.
    return Timing((finished if with_key else last_chunk[-1]) - started, rows)


def seed_shop(server: Database, rows: int) -> Timing:
    """The shop schema in a database of its own (plan_seed takes every table it finds)."""
    with connect(server, autocommit=True) as conn:
        conn.execute("DROP DATABASE IF EXISTS bench_shop")
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier("bench_shop")))
    db = with_dbname(server, "bench_shop")
    with connect(db, autocommit=True) as conn:
        conn.execute(SHOP_SCHEMA)
    checkpoint(db)
    with connect(db) as conn:
        plans = plan_seed(conn, default_rows=rows, rows={"products": 10_000})
        started = time.perf_counter()
        rows_done: dict[str, float] = {}

        def progress(table: str, done: int, total: int) -> None:
            if done == total:
                rows_done[table] = time.perf_counter() - started

        result = seed(conn, plans, on_progress=progress)
    assert not result.warnings, result.warnings
    print("#   timeline (s since seed() began, at the last chunk of each table):")
    for table, count in result.tables.items():
        print(f"#     {rows_done[table]:6.2f}  {table:20s} {count:>10,} rows")
    print(f"#     {result.seconds:6.2f}  done (after the last index rebuild and ANALYZE)")
    return Timing(result.seconds, result.total_rows)


def checkpoint(db: Database) -> None:
    with connect(db, autocommit=True) as conn:
        conn.execute("CHECKPOINT")


def best(repeat: int, measure: Callable[[], Timing]) -> Timing:
    timings = [measure() for _ in range(repeat)]
    chosen = min(timings, key=lambda timing: timing.seconds)
    spread = statistics.median(t.seconds for t in timings)
    print(f"#   runs: {', '.join(f'{t.seconds:.2f}' for t in timings)} s (median {spread:.2f})")
    return chosen


def show(label: str, timing: Timing) -> None:
    print(f"{label}: {timing.rows:,} rows in {timing.seconds:.2f} s ({rate(timing)})")


def compare(ours_label: str, ours: Timing, theirs_label: str, theirs: Timing) -> str:
    return (
        f"{ours_label}: {ours.rows:,} rows in {ours.seconds:.2f} s ({rate(ours)}); "
        f"{theirs_label}: {theirs.rows:,} rows in {theirs.seconds:.2f} s ({rate(theirs)}); "
        f"ratio {ours.rate / theirs.rate:.2f}"
    )


def rate(timing: Timing) -> str:
    return f"{timing.rate / 1000:,.0f}k rows/s"


if __name__ == "__main__":
    sys.exit(main())
