"""Benchmark: what ``migcheck rehearse``'s instruments cost over a plain ``alembic upgrade``.

Run by hand (not by pytest)::

    uv run --no-sync python benchmarks/bench_rehearse_overhead.py [--rows 1000000] [--repeat 3]

The issue's target: the instruments (lock monitor, probes, relfilenode snapshots, statement
events) cost at most 10 % over a plain ``alembic upgrade`` of the same revisions on the same
seeded database. How it is measured, like with like:

1. One embedded PostgreSQL 18. A template database is upgraded with Alembic itself to
   ``--base`` and seeded by migcheck's seeder (``--rows`` per table), then checkpointed.
2. Every run gets its own ``CREATE DATABASE ... TEMPLATE`` copy (file copy), so both tools start
   from identical data, and a CHECKPOINT before the clock starts.
3. (a) ``python -m alembic -c sample_migrations/alembic.ini upgrade <target>`` with the sample's
   real env.py (``DATABASE_URL`` points it at the copy); (b) ``python -m migcheck rehearse``
   with ``--backend url --allow-writes --rows 0 --from <base>`` on the same revisions, every
   instrument on. Both are whole processes, timed from spawn to exit: interpreter start,
   imports and (for migcheck) the lint prediction count against migcheck. The lint's render
   cache is warmed once before the timed runs.
4. Runs alternate (a, b, a, b, ...) so that drift on the machine hits both; the medians are
   compared. The replay time migcheck itself reports (sum of revision durations) is printed
   beside, to show where the rest goes.

The default range (0f5d8a3c6e29 -> d0c7f2b4a968) has real work: an int -> bigint rewrite of
order_items, concurrent index builds and a REINDEX CONCURRENTLY on orders, a DROP INDEX, a
REINDEX TABLE, a TRUNCATE, a full-table UPDATE of users, drops and renames. It stops before
the failing head (6a9e4f1b3c82) and starts after the row-by-row slug backfill (e9a4c2f7b05d,
thousands of tiny statements that measure Python, not the database). ``rehearse`` has no
``--to``: migcheck runs on a copy of the project without the revisions after ``--target``.

The backfill alone, where the instruments' cost per statement shows (one UPDATE per product
whose slug is NULL, about 5 % of ``--rows``)::

    uv run --no-sync python benchmarks/bench_rehearse_overhead.py --rows 400000 \
        --base c7e2a5f9b184 --target e9a4c2f7b05d
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import LiteralString

from psycopg import sql

from migcheck.project import find_project
from migcheck.rehearse.backends import Database, connect, open_database, with_dbname
from migcheck.rehearse.seed import plan_seed, seed

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "sample_migrations"
TEMPLATE = "bench_template"
TARGET_RATIO = 1.10


def _say(text: str) -> None:
    print(f"· {text}", file=sys.stderr, flush=True)


def _admin(db: Database, statement: sql.Composed | LiteralString) -> None:
    with connect(db, autocommit=True) as conn:
        conn.execute(statement)


def _project_up_to(target: str, directory: Path) -> Path:
    """A copy of sample_migrations whose head is ``target`` (later revision files removed),
    without ``[tool.migcheck.rehearse]`` (its per-table rows would seed the copy before the
    replay: the data must be the template's, exactly as Alembic finds it)."""
    project = find_project(SAMPLE, "alembic")
    order = project.history.order
    later = order[order.index(target) + 1 :]
    copy = directory / "sample_migrations"
    shutil.copytree(SAMPLE, copy, ignore=shutil.ignore_patterns("__pycache__", ".migcheck_cache"))
    for revision in later:
        relative = project.history.revisions[revision].file.relative_to(SAMPLE)
        (copy / relative).unlink()
    pyproject = copy / "pyproject.toml"
    text = pyproject.read_text(encoding="utf-8")
    pyproject.write_text(text.split("[tool.migcheck.rehearse]")[0], encoding="utf-8")
    return copy


def _alembic(db: Database, target: str) -> None:
    env = {**os.environ, "DATABASE_URL": db.url}
    subprocess.run(
        [sys.executable, "-m", "alembic", "-c", str(SAMPLE / "alembic.ini"), "upgrade", target],
        env=env,
        check=True,
        capture_output=True,
        cwd=ROOT,
    )


def _migcheck(db: Database, project: Path, base: str, report: Path) -> dict[str, object]:
    env = {**os.environ, "MIGCHECK_DATABASE_URL": db.url}
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "migcheck",
            "rehearse",
            str(project),
            "--backend",
            "url",
            "--allow-writes",
            "--rows",
            "0",
            "--from",
            base,
            "--format",
            "json",
            "--output",
            str(report),
        ],
        env=env,
        check=False,
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    if done.returncode != 0:
        raise SystemExit(f"migcheck rehearse failed ({done.returncode}):\n{done.stderr[-3000:]}")
    return json.loads(report.read_text())


def _fresh_copy(server: Database, name: str) -> Database:
    _admin(server, sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))
    _admin(
        server,
        sql.SQL("CREATE DATABASE {} TEMPLATE {} STRATEGY FILE_COPY").format(
            sql.Identifier(name), sql.Identifier(TEMPLATE)
        ),
    )
    _admin(server, "CHECKPOINT")
    return with_dbname(server, name)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000, help="rows seeded per table")
    parser.add_argument("--repeat", type=int, default=3, help="runs of each tool")
    parser.add_argument("--base", default="0f5d8a3c6e29", help="the database starts here")
    parser.add_argument("--target", default="d0c7f2b4a968", help="the last revision replayed")
    args = parser.parse_args()

    with (
        tempfile.TemporaryDirectory(prefix="migcheck-bench-") as scratch,
        open_database("embedded", on_status=_say) as server,
    ):
        project = _project_up_to(args.target, Path(scratch))
        _admin(server, sql.SQL("CREATE DATABASE {}").format(sql.Identifier(TEMPLATE)))
        template = with_dbname(server, TEMPLATE)
        _say(f"alembic upgrade {args.base} on the template")
        _alembic(template, args.base)
        _say(f"seeding {args.rows:,} rows per table")
        with connect(template) as conn:
            result = seed(conn, plan_seed(conn, default_rows=args.rows))
        _say(
            f"seeded {sum(result.tables.values()):,} rows in {len(result.tables)} tables "
            f"({result.seconds:.1f} s)"
        )
        # Nothing left for autovacuum to do on the copies, during either tool's run.
        _admin(template, "VACUUM (FREEZE, ANALYZE)")
        _admin(server, "CHECKPOINT")
        # The lint prediction's render cache is warm for every timed run, not just the later
        # ones (a CI job that caches .migcheck_cache is in the same position).
        subprocess.run(
            [sys.executable, "-m", "migcheck", "lint", str(project)],
            check=False,
            capture_output=True,
            cwd=ROOT,
        )

        alembic_times: list[float] = []
        migcheck_times: list[float] = []
        replay_times: list[float] = []
        for run in range(args.repeat):
            copy = _fresh_copy(server, "bench_alembic")
            started = time.perf_counter()
            _alembic(copy, args.target)
            alembic_times.append(time.perf_counter() - started)
            _admin(server, "DROP DATABASE bench_alembic WITH (FORCE)")

            copy = _fresh_copy(server, "bench_migcheck")
            started = time.perf_counter()
            report = _migcheck(copy, project, args.base, Path(scratch) / f"report-{run}.json")
            migcheck_times.append(time.perf_counter() - started)
            _admin(server, "DROP DATABASE bench_migcheck WITH (FORCE)")
            revisions = report["revisions"]
            assert isinstance(revisions, list)
            replay_times.append(sum(r["duration_ms"] for r in revisions) / 1000)
            _say(
                f"run {run + 1}: alembic {alembic_times[-1]:.2f} s, migcheck "
                f"{migcheck_times[-1]:.2f} s (replay {replay_times[-1]:.2f} s, "
                f"{len(revisions)} revisions)"
            )

    alembic = statistics.median(alembic_times)
    migcheck = statistics.median(migcheck_times)
    ratio = migcheck / alembic
    print(
        f"revisions {args.base}..{args.target}, {args.rows:,} rows per table, "
        f"median of {args.repeat} runs each"
    )
    print(f"alembic runs:  {', '.join(f'{t:.2f}' for t in alembic_times)} s")
    print(
        f"migcheck runs: {', '.join(f'{t:.2f}' for t in migcheck_times)} s "
        f"(replay as reported: {', '.join(f'{t:.2f}' for t in replay_times)} s)"
    )
    print(f"overhead: alembic {alembic:.1f} s, migcheck {migcheck:.1f} s, ratio {ratio:.2f}")
    if ratio > TARGET_RATIO:
        print(f"over the target ratio {TARGET_RATIO:.2f}", file=sys.stderr)
        sys.exit(1)


if __name__ == "__main__":
    main()
