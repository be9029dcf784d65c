"""``migcheck rehearse`` on sample_migrations with seeded data, on real servers.

The issue's "Done when": a non-concurrent index shows SHARE on its table, a concurrent one only
SHARE UPDATE EXCLUSIVE, int -> bigint rewrites the table under ACCESS EXCLUSIVE, a varchar
widening rewrites nothing, a non-concurrent index on 1M rows blocks writes (not reads) for about
as long as it builds; the failing head is reported with PostgreSQL's error, its revision and
line; the report formats, budgets, ``--downgrade`` and the url backend's refusals.

Most assertions read one in-process rehearsal of the whole sample (embedded server, 200k rows
per table); exit codes are checked through the CLI in a subprocess.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from xml.etree import ElementTree as ET

import pytest
from helpers import (
    BASE_ID,
    CREATE_TAGS,
    INI,
    env_py,
    processes_using,
    write_project,
    write_project_with_models,
)
from helpers import revision as revision_source
from psycopg.conninfo import conninfo_to_dict
from rich.console import Console

from migcheck.analysis.facts import LockMode
from migcheck.config import load_config
from migcheck.errors import RehearsalError
from migcheck.online import ENDS_TRANSACTION
from migcheck.project import find_project
from migcheck.rehearse.backends import Database, connect, docker_available
from migcheck.rehearse.model import (
    BudgetViolationModel,
    RehearsalModel,
    RevisionModel,
    StatementModel,
)
from migcheck.rehearse.report import (
    print_rehearsal,
    rehearsal_json,
    rehearsal_junit,
    rehearsal_markdown,
    verdict,
)
from migcheck.rehearse.row_locks import row_lock_target
from migcheck.rehearse.runner import Budgets, RehearseOptions, rehearse

pytestmark = pytest.mark.postgres

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "sample_migrations"
ROWS = 200_000


def _op_line(revision: str, marker: str) -> int:
    """The line of the ``op.`` call whose text first contains ``marker`` in ``revision``'s file
    (the line the rehearsal reports its statement at)."""
    file = find_project(SAMPLE, "alembic").history.revisions[revision].file
    lines = file.read_text(encoding="utf-8").splitlines()
    index = next(i for i, text in enumerate(lines) if marker in text)
    while not re.search(r"\bop\.(?!f\()\w+\(", lines[index]):  # op.f() names, it runs nothing
        index -= 1
    return index + 1


# (revision, line) of the statements the issue names.
NON_CONCURRENT_INDEX = ("5c2e7f81d3a9", _op_line("5c2e7f81d3a9", '"ix_orders_created_at"'))
CONCURRENT_INDEXES = [
    ("0b8e2d6c4f19", _op_line("0b8e2d6c4f19", '"ix_orders_public_id"')),
    ("1d9f4a6c0e53", _op_line("1d9f4a6c0e53", '"ix_orders_shipping_country_code"')),
]
INT_TO_BIGINT = ("72c0e9b4d1f3", _op_line("72c0e9b4d1f3", "type_=sa.BigInteger()"))
VARCHAR_WIDENING = ("b6a2c94e1f08", _op_line("b6a2c94e1f08", "type_=sa.String(length=120)"))
# NOT NULL column without a default on a filled table: fails.
PSYCOPG2_URL = "postgresql+psycopg2://u@h/db"
FAILING_HEAD = ("6a9e4f1b3c82", _op_line("6a9e4f1b3c82", '"sales_channel", sa.String'))


# ---------------------------------------------------------------------------------------------
# helpers
# ---------------------------------------------------------------------------------------------


def _options(path: Path = SAMPLE, **changes: object) -> RehearseOptions:
    config, _ = load_config(path)  # the sample's own [tool.migcheck]: small tables stay small
    options = RehearseOptions(path=path, config=config, backend="embedded", default_rows=ROWS)
    for name, value in changes.items():
        setattr(options, name, value)
    return options


def _url_options(project: Path, db: Database, **changes: object) -> RehearseOptions:
    """Rehearse ``project`` on the database ``db`` handed over as a URL, writes allowed."""
    return _options(project, backend="url", database_url=db.url, allow_writes=True, **changes)


def _statement(report: RehearsalModel, revision: str, line: int) -> StatementModel:
    """The (first, upgrade) statement at ``line`` of ``revision``."""
    for run in report.revisions:
        if run.revision == revision and run.direction == "upgrade":
            for statement in run.statements:
                if statement.line == line:
                    return statement
    pytest.fail(f"no statement at line {line} of {revision} in the report")


def _modes(statement: StatementModel, table: str) -> set[str]:
    return {lock.mode for lock in statement.locks if lock.table == table}


def _rehearse_one(
    tmp_path: Path, revision_id: str, body: str, *, ini: str = INI, **changes: object
) -> tuple[RehearsalModel, RevisionModel]:
    """Rehearse a revision ``revision_id`` doing ``body`` on top of the test base revision
    (1,000 rows per table unless ``default_rows`` says otherwise): the report and its run."""
    revision = revision_source(revision_id, BASE_ID, body)
    project = write_project(tmp_path / "app", [revision], ini=ini).root
    changes.setdefault("default_rows", 1_000)
    report = rehearse(_options(project, from_revision=BASE_ID, **changes)).report
    [run] = [r for r in report.revisions if r.revision == revision_id]
    return report, run


def _project_without(directory: Path, *dropped: str) -> Path:
    """A copy of sample_migrations without the given revisions (they must be the newest)."""
    history = find_project(SAMPLE, "alembic").history
    copy = directory / "sample_migrations"
    shutil.copytree(SAMPLE, copy, ignore=shutil.ignore_patterns("__pycache__", ".migcheck_cache"))
    for revision in dropped:
        (copy / history.revisions[revision].file.relative_to(SAMPLE)).unlink()
    assert find_project(copy, "alembic").history.heads, "the copy must keep a head"
    return copy


def _project_up_to(directory: Path, last: str) -> Path:
    order = find_project(SAMPLE, "alembic").history.order
    return _project_without(directory, *order[order.index(last) + 1 :])


def _cli(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "migcheck", "rehearse", *args],
        check=False,
        capture_output=True,
        text=True,
        cwd=ROOT,
        env={**os.environ, "COLUMNS": "250", **(env or {})},
        timeout=600,  # hang guard, not a speed target
    )


def _no_traceback(done: subprocess.CompletedProcess[str]) -> None:
    assert "Traceback" not in done.stderr + done.stdout, done.stderr[-3000:]
    assert "internal error" not in done.stderr, done.stderr[-3000:]


# ---------------------------------------------------------------------------------------------
# one rehearsal of the whole sample (embedded, 200k rows per table)
# ---------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def sample_report() -> RehearsalModel:
    return rehearse(_options()).report


@pytest.mark.slow
def test_every_revision_is_rehearsed_on_seeded_tables(sample_report: RehearsalModel) -> None:
    order = find_project(SAMPLE, "alembic").history.order
    assert [run.revision for run in sample_report.revisions] == order
    assert sample_report.backend.startswith("embedded PostgreSQL")
    assert sample_report.seed.tables["public.orders"] == ROWS
    assert sample_report.seed.tables["public.order_items"] == ROWS
    assert sample_report.seed.tables["public.products"] == 5_000  # the sample's config
    assert sample_report.seed.seconds > 0


@pytest.mark.slow
def test_non_concurrent_index_takes_share_lock(sample_report: RehearsalModel) -> None:
    statement = _statement(sample_report, *NON_CONCURRENT_INDEX)
    assert statement.sql.startswith("CREATE INDEX ix_orders_created_at ON orders")
    assert "ShareLock" in _modes(statement, "orders")
    assert statement.indexes_built == ["ix_orders_created_at"]
    assert statement.rewritten == []
    assert "index-not-concurrent" in statement.predicted


@pytest.mark.slow
@pytest.mark.parametrize(("revision", "line"), CONCURRENT_INDEXES)
def test_concurrent_index_takes_only_share_update_exclusive(
    sample_report: RehearsalModel, revision: str, line: int
) -> None:
    statement = _statement(sample_report, revision, line)
    assert "CONCURRENTLY" in statement.sql
    assert not statement.in_transaction  # inside autocommit_block()
    assert _modes(statement, "orders") == {"ShareUpdateExclusiveLock"}
    stronger = [
        lock
        for lock in statement.locks
        if LockMode.from_pg_name(lock.mode) > LockMode.SHARE_UPDATE_EXCLUSIVE
    ]
    assert stronger == []
    assert statement.blocked_ms.read == 0


@pytest.mark.slow
def test_int_to_bigint_rewrites_under_access_exclusive(sample_report: RehearsalModel) -> None:
    statement = _statement(sample_report, *INT_TO_BIGINT)
    assert "ALTER COLUMN id TYPE BIGINT" in statement.sql
    assert statement.rewritten == ["order_items"]
    assert "AccessExclusiveLock" in _modes(statement, "order_items")
    held = max(lock.held_ms for lock in statement.locks if lock.mode == "AccessExclusiveLock")
    assert held >= statement.duration_ms * 0.9  # held through the rewrite, until commit
    assert "column-type-rewrite" in statement.predicted


@pytest.mark.slow
def test_varchar_widening_rewrites_nothing(sample_report: RehearsalModel) -> None:
    statement = _statement(sample_report, *VARCHAR_WIDENING)
    assert "ALTER COLUMN name TYPE VARCHAR(120)" in statement.sql
    assert statement.rewritten == []
    assert statement.indexes_built == []


@pytest.mark.slow
def test_failing_head_is_reported_and_the_run_stops_there(sample_report: RehearsalModel) -> None:
    revision, line = FAILING_HEAD
    last = sample_report.revisions[-1]
    assert last.revision == revision
    assert last.error is not None
    assert last.error.startswith("PostgreSQL error 23502")
    assert 'column "sales_channel" of relation "orders" contains null values' in last.error
    assert "migcheck's seed" not in last.error  # any rows make it fail: lint said so
    assert last.error_line == line
    assert last.file.endswith("6a9e4f1b3c82_add_order_sales_channel.py")
    # Stopped at the failing statement: the concurrent index after it never ran.
    failed = last.statements[-1]
    assert failed.line == line
    assert failed.error is not None
    assert [s for s in last.statements if "ix_orders_sales_channel" in s.sql] == []
    assert "required-column-no-default" in failed.predicted
    assert sample_report.failed
    assert all(run.error is None for run in sample_report.revisions[:-1])


@pytest.mark.slow
def test_lint_predictions_stand_beside_statements_without_lock_mismatches(
    sample_report: RehearsalModel,
) -> None:
    assert "index-not-concurrent" in _statement(sample_report, *NON_CONCURRENT_INDEX).predicted
    stronger = [
        mismatch.model_dump()
        for mismatch in sample_report.mismatches
        if mismatch.kind == "lock-stronger-than-predicted"
    ]
    assert stronger == [], "lint predicted weaker locks than PostgreSQL took"


@pytest.mark.slow
def test_json_has_the_issue_shape(sample_report: RehearsalModel) -> None:
    data = json.loads(rehearsal_json(sample_report))
    assert {"backend", "seed", "revisions", "mismatches", "budget_violations"} <= set(data)
    assert isinstance(data["backend"], str)
    assert data["seed"]["tables"]["public.orders"] == ROWS
    assert isinstance(data["seed"]["seconds"], float)
    assert isinstance(data["mismatches"], list)
    assert data["budget_violations"] == []
    statements = 0
    for run in data["revisions"]:
        assert {"revision", "duration_ms", "statements"} <= set(run)
        for statement in run["statements"]:
            statements += 1
            assert isinstance(statement["sql"], str)
            assert isinstance(statement["line"], int)
            assert isinstance(statement["duration_ms"], float)
            assert isinstance(statement["rewritten"], list)
            assert set(statement["blocked_ms"]) == {"read", "write"}
            assert isinstance(statement["predicted"], list)
            for lock in statement["locks"]:
                assert set(lock) == {"table", "mode", "held_ms"}
                LockMode.from_pg_name(lock["mode"])  # pg_locks.mode names
    assert statements > 20
    index = next(
        s
        for run in data["revisions"]
        if run["revision"] == NON_CONCURRENT_INDEX[0]
        for s in run["statements"]
        if s["line"] == NON_CONCURRENT_INDEX[1]
    )
    assert {"table": "orders", "mode": "ShareLock"} in [
        {"table": lock["table"], "mode": lock["mode"]} for lock in index["locks"]
    ]


@pytest.mark.slow
def test_junit_parses_and_fails_the_failing_revision(sample_report: RehearsalModel) -> None:
    root = ET.fromstring(rehearsal_junit(sample_report))
    assert root.tag == "testsuites"
    assert int(root.get("failures", "0")) >= 1
    failures = [
        (suite.get("name"), failure.get("message"))
        for suite in root.iter("testsuite")
        for failure in suite.iter("failure")
    ]
    assert any(
        name == f"{FAILING_HEAD[0]} upgrade" and "contains null values" in (message or "")
        for name, message in failures
    ), failures
    # The sample's backfill sends thousands of quick UPDATEs: one entry, one test case.
    cases = list(root.iter("testcase"))
    statements = sum(st.repeated for run in sample_report.revisions for st in run.statements)
    assert statements > 5_000 and len(cases) < 200, len(cases)
    names = [c.get("name") or "" for c in cases]
    assert any("UPDATE products SET slug" in name and " runs)" in name for name in names), names
    quiet = [c for c in cases if "quick statements without" in (c.get("name") or "")]
    assert quiet and all(int(c.get("name", "").split()[0]) > 0 for c in quiet)
    for suite in root.iter("testsuite"):
        assert suite.get("tests") == str(len(suite.findall("testcase")))


@pytest.mark.slow
def test_markdown_has_a_table(sample_report: RehearsalModel) -> None:
    text = rehearsal_markdown(sample_report)
    lines = text.splitlines()
    header = next(i for i, line in enumerate(lines) if line.startswith("| Revision |"))
    assert lines[header + 1].startswith("|---|")
    rows = [line for line in lines[header + 2 :] if line.startswith("| `")]
    assert any("ix_orders_created_at" in row and "SHARE" in row for row in rows)
    assert f"`{FAILING_HEAD[0]}` line {FAILING_HEAD[1]}" in text


# ---------------------------------------------------------------------------------------------
# 1M rows: a non-concurrent index blocks writes for as long as it builds, reads not at all
# ---------------------------------------------------------------------------------------------


@pytest.mark.slow
def test_index_on_a_million_rows_blocks_writes_for_the_build(tmp_path: Path) -> None:
    # Only 5c2e7f81d3a9 is rehearsed: the database starts at a81d4e0c9b12 with 1M rows in
    # orders (and the other tables), then CREATE TABLE payments + the index on orders run.
    project = _project_up_to(tmp_path, NON_CONCURRENT_INDEX[0])
    report = rehearse(
        _options(project, default_rows=1_000_000, from_revision="a81d4e0c9b12")
    ).report
    assert report.seed.tables["public.orders"] == 1_000_000
    statement = _statement(report, *NON_CONCURRENT_INDEX)
    assert "ShareLock" in _modes(statement, "orders")
    build = statement.duration_ms
    assert 0.5 * build <= statement.blocked_ms.write <= 1.5 * build, statement
    assert statement.blocked_ms.read == 0, statement
    assert statement.blocked_on == ["orders"], statement
    assert not report.failed


# ---------------------------------------------------------------------------------------------
# the CLI: exit codes, budgets, --downgrade
# ---------------------------------------------------------------------------------------------


@pytest.mark.slow
def test_cli_failing_head_exits_1_with_error_revision_and_line() -> None:
    done = _cli(str(SAMPLE), "--backend", "embedded", "--rows", "2000", "--from", "d0c7f2b4a968")
    _no_traceback(done)
    assert done.returncode == 1, done.stderr[-3000:]
    assert "FAILED revision 6a9e4f1b3c82" in done.stdout
    assert f"6a9e4f1b3c82_add_order_sales_channel.py:{FAILING_HEAD[1]}" in done.stdout
    assert "PostgreSQL error 23502" in done.stdout


@pytest.mark.slow
def test_cli_budget_exceeded_exits_1_naming_the_culprit(tmp_path: Path) -> None:
    project = _project_without(tmp_path, FAILING_HEAD[0])
    common = [str(project), "--backend", "embedded", "--rows", "20000", "--from", "8e3a5d0b7c14"]

    within = _cli(*common, "--format", "json")
    _no_traceback(within)
    assert within.returncode == 0, within.stderr[-3000:]
    report = json.loads(within.stdout)
    assert report["budget_violations"] == []
    assert [run["revision"] for run in report["revisions"]] == ["d0c7f2b4a968"]

    over = _cli(*common, "--max-lock-ms", "1")
    _no_traceback(over)
    assert over.returncode == 1, over.stderr[-3000:]
    culprits = [line for line in over.stdout.splitlines() if "budget exceeded max-lock-ms" in line]
    assert culprits, over.stdout[-3000:]
    # e.g. "ACCESS EXCLUSIVE lock on users held 35 ms (line 25 of d0c7f2b4a968)"
    assert any("ACCESS EXCLUSIVE lock on users" in c and "d0c7f2b4a968" in c for c in culprits)
    # One line per table and statement: the strongest mode, not every mode it holds.
    places = [re.sub(r"^.* lock on (\S+) held .* \((line .*)\)$", r"\1 \2", c) for c in culprits]
    assert len(places) == len(set(places)), culprits


def test_cli_rehearsal_ends_with_its_report_whole_and_its_server_gone(tmp_path: Path) -> None:
    """The process ends without the interpreter's teardown (~0.1 s saved after a rehearsal):
    the report file, the summary (on standard error, the report going to a file) and the exit
    code are still complete, and the embedded server and its directory are gone."""

    project = _project_without(tmp_path, FAILING_HEAD[0])
    report_file = tmp_path / "report.json"
    common = [str(project), "--backend", "embedded", "--rows", "2000", "--from", "8e3a5d0b7c14"]
    done = _cli(*common, "--format", "json", "--output", str(report_file))
    _no_traceback(done)
    assert done.returncode == 0, done.stderr[-3000:]
    report = json.loads(report_file.read_text(encoding="utf-8"))
    assert [run["revision"] for run in report["revisions"]] == ["d0c7f2b4a968"]
    assert done.stderr.rstrip().endswith("rehearsal passed"), done.stderr[-3000:]
    match = re.search(r"\((/[^,)]*migcheck-pg-[^,)]*)", report["backend"])
    assert match, report["backend"]
    server_dir = Path(match.group(1))
    assert not server_dir.exists(), server_dir
    assert processes_using(server_dir) == []


def test_cli_nothing_to_rehearse_starts_no_server_but_still_checks_a_url() -> None:
    """--from the head: nothing is under test, so no throwaway server is started; a
    --database-url is still connected to (a CI job that cannot reach it must not pass), and
    its password is never printed."""
    done = _cli(str(SAMPLE), "--from", FAILING_HEAD[0], "--backend", "embedded")
    _no_traceback(done)
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-2000:]
    assert "nothing to rehearse: the project has no revision after the start" in done.stdout
    assert "no server started" in done.stdout
    markdown = _cli(str(SAMPLE), "--from", FAILING_HEAD[0], "--format", "markdown")
    assert markdown.returncode == 0, markdown.stderr[-2000:]
    assert "- ⚠️ nothing to rehearse: the project has no revision" in markdown.stdout
    assert "| Revision |" not in markdown.stdout
    junit = _cli(str(SAMPLE), "--from", FAILING_HEAD[0], "--format", "junit")
    assert junit.returncode == 0, junit.stderr[-2000:]
    [case] = ET.fromstring(junit.stdout).iter("testcase")
    skipped = case.find("skipped")
    assert skipped is not None and "nothing to rehearse" in skipped.get("message", "")

    url = "postgresql://someone:s3cret-pw@127.0.0.1:9/nowhere"
    common = [str(SAMPLE), "--from", FAILING_HEAD[0], "--backend", "url", "--database-url", url]
    for extra, expected in (([], "--allow-writes"), (["--allow-writes"], "cannot connect")):
        done = _cli(*common, *extra)
        _no_traceback(done)
        assert done.returncode == 2, done.stdout[-2000:] + done.stderr[-2000:]
        assert expected in done.stderr, done.stderr[-2000:]
        assert "s3cret-pw" not in done.stdout + done.stderr


@pytest.mark.slow
def test_downgrade_round_trip(tmp_path: Path) -> None:
    project = _project_without(tmp_path, FAILING_HEAD[0])
    report = rehearse(
        _options(project, default_rows=20_000, from_revision="4b6e1c8d9f27", downgrade=True)
    ).report
    runs = [(run.revision, run.direction) for run in report.revisions]
    assert runs == [
        ("8e3a5d0b7c14", "upgrade"),
        ("8e3a5d0b7c14", "downgrade"),
        ("8e3a5d0b7c14", "upgrade"),
        ("d0c7f2b4a968", "upgrade"),
        ("d0c7f2b4a968", "downgrade"),
        ("d0c7f2b4a968", "upgrade"),
    ]
    assert not report.failed, [run.error for run in report.revisions]
    downgrade = report.revisions[4]
    assert any("RENAME TO wishlist" in s.sql for s in downgrade.statements)
    assert all(s.predicted == [] for s in downgrade.statements)  # lint predicts upgrades


@pytest.mark.slow
def test_budgets_in_process_name_statement_and_revision(tmp_path: Path) -> None:
    project = _project_without(tmp_path, FAILING_HEAD[0])
    report = rehearse(
        _options(
            project,
            default_rows=20_000,
            from_revision="8e3a5d0b7c14",
            budgets=Budgets(max_lock_ms=1, max_statement_ms=100_000, max_blocked_ms=None),
        )
    ).report
    assert report.failed
    assert {v.budget for v in report.budget_violations} == {"max-lock-ms"}
    for violation in report.budget_violations:
        assert violation.revision == "d0c7f2b4a968"
        assert violation.line is not None
        assert violation.value > violation.limit


def test_constraints_get_the_names_env_pys_naming_convention_gives_them(tmp_path: Path) -> None:
    """env.py hands Alembic the models' metadata, whose naming convention names the unique
    constraint op.create_table() leaves unnamed (uq_tags_name); a later revision drops it by
    that name. Rehearsed without the convention, PostgreSQL named it tags_name_key and the
    rehearsal failed where production does not."""
    project = write_project_with_models(
        tmp_path / "app",
        [
            revision_source("0002_tags", BASE_ID, CREATE_TAGS),
            revision_source("0003_drop", "0002_tags", 'op.drop_constraint("uq_tags_name", "tags")'),
        ],
    ).root
    report = rehearse(_options(project, from_revision=BASE_ID, default_rows=100)).report
    assert not report.failed, [run.error for run in report.revisions]
    [drop] = [run for run in report.revisions if run.revision == "0003_drop"]
    assert [st.sql for st in drop.statements] == ["ALTER TABLE tags DROP CONSTRAINT uq_tags_name"]


def test_a_revision_that_reads_the_database_is_predicted_in_full(tmp_path: Path) -> None:
    """arize-phoenix eaf1907ae453 asks the catalog whether an index is valid before dropping
    others. Offline, lint stops at that read; predicted offline only, the DROP INDEX after it
    had no prediction, and its ACCESS EXCLUSIVE lock was reported as a lint bug. Lint
    predicts as it does by default: on its schema-only server."""
    body = """
    found = op.get_bind().execute(sa.text(
        "SELECT count(*) FROM pg_indexes WHERE indexname = 'ix_orders_user_id'")).scalar()
    if found:
        op.drop_index("ix_orders_user_id", table_name="orders")
    """
    report, run = _rehearse_one(tmp_path, "0002_reads", body, default_rows=100)
    assert not report.failed, run.error
    assert report.mismatches == [], report.mismatches
    [drop] = [st for st in run.statements if st.sql == "DROP INDEX ix_orders_user_id"]
    assert "drop-index-not-concurrent" in drop.predicted


def test_a_revision_that_branches_on_offline_mode_is_compared_by_file(tmp_path: Path) -> None:
    """airflow's fab provider: ``if bind is not None: ... else: ...``, each branch creating the
    same index from other lines. Lint renders one branch, the rehearsal runs the other: its
    SHARE lock is the one lint predicted in that revision, not a lint bug."""
    body = """
    from alembic import context

    if context.is_offline_mode():
        op.create_index("ix_orders_note", "orders", ["note"], if_not_exists=True)
    else:
        op.create_index("ix_orders_note", "orders", ["note"])
    """
    report, run = _rehearse_one(tmp_path, "0002_branches", body, default_rows=100)
    assert not report.failed, run.error
    [create] = [st for st in run.statements if st.sql.startswith("CREATE INDEX")]
    assert "ShareLock" in {lock.mode for lock in create.locks if lock.table == "orders"}
    assert report.mismatches == [], report.mismatches


def test_a_lock_held_over_several_statements_is_one_long_wait(tmp_path: Path) -> None:
    """ACCESS EXCLUSIVE on orders, then six statements of 100 ms in the same transaction: a
    read that arrives at the first waits ~600 ms, though no statement lasts over ~100 ms.
    (Six lines: a loop sending one statement six times would be one entry of six runs.)"""
    body = """
    op.execute("LOCK TABLE orders IN ACCESS EXCLUSIVE MODE")
    op.execute("SELECT pg_sleep(0.1)")
    op.execute("SELECT pg_sleep(0.1)")
    op.execute("SELECT pg_sleep(0.1)")
    op.execute("SELECT pg_sleep(0.1)")
    op.execute("SELECT pg_sleep(0.1)")
    op.execute("SELECT pg_sleep(0.1)")
    """
    report, run = _rehearse_one(tmp_path, "0002_hold", body, budgets=Budgets(max_blocked_ms=300))
    shares = [max(st.blocked_ms.read, st.blocked_ms.write) for st in run.statements]
    waits = [max(st.waited_ms.read, st.waited_ms.write) for st in run.statements]
    assert max(shares) < 300, shares
    assert max(waits) >= 450, waits
    # One per statement during which a probe's query began to wait (reads and writes may
    # begin at different statements): all in 0002_hold, the longest the whole hold.
    violations = [v for v in report.budget_violations if v.budget == "max-blocked-ms"]
    assert {v.revision for v in violations} == {"0002_hold"}
    assert max(v.value for v in violations) >= 450


def test_a_wait_that_began_just_before_its_statement_is_counted_whole() -> None:
    """The probes are woken as a statement starts: one woken before the statement's start was
    recorded began its query a fraction of a millisecond "before" the statement, and its
    600 ms wait belonged to no statement; only the per-statement shares (~100 ms each) were
    left (seen about once in ten full test runs). A query that begins in the gap after the
    previous statement belongs to the next one."""
    from typing import cast

    from migcheck.rehearse.instruments import Pace, Probe, Probes, ProbeSample

    class _Probe:
        def __init__(self, sample: ProbeSample) -> None:
            self.samples, self.current = [sample], None

    probes = Probes(conninfo="", tables=[], pace=Pace(0.005))
    early = ProbeSample("read", "orders", start=10.0995, end=10.7, lock_wait=True)
    probes.probes.append(cast("Probe", _Probe(early)))  # only samples and current are read
    lock = probes.waits(10.1, 10.101, now=11.0, releases=[10.7], since=10.09)
    assert 600 <= lock.waited_ms["read"] <= 601
    sleep = probes.waits(10.101, 10.2, now=11.0, releases=[10.7], since=10.101)
    assert sleep.waited_ms["read"] == 0.0 and round(sleep.blocked_ms["read"]) == 99
    # Without the previous statement's end, it began before this one: not counted whole.
    assert probes.waits(10.1, 10.101, now=11.0, releases=[10.7]).waited_ms["read"] == 0.0


@pytest.mark.parametrize(
    ("sql", "table"),
    [
        ("UPDATE orders SET x = 1", "orders"),
        ("DELETE FROM public.users WHERE id = 1", "users"),
        ('-- backfill\n/* batch */ update ONLY "Billing"."Orders" set a = 1', "Billing.Orders"),
        ("delete from billing . items", "billing.items"),
        ('UPDATE"t"SET a = 1', "t"),
        ("INSERT INTO orders VALUES (1)", None),
        ("WITH x AS (SELECT 1) UPDATE orders SET a = 1", None),  # count mixes CTE rows
        ("MERGE INTO orders USING s ON true WHEN MATCHED THEN DELETE", None),
        ("SELECT updated_at FROM orders", None),
        ("UPDATE orders SET x = 1;  ", "orders"),
        ("UPDATE orders SET note = 'a;b'", "orders"),
        ("UPDATE orders SET x = 1; DELETE FROM users", None),  # the first one's count only
    ],
)
def test_row_lock_target_reads_plain_updates_and_deletes(sql: str, table: str | None) -> None:
    assert row_lock_target(sql) == table


def test_rows_an_update_changed_stay_locked_until_the_transaction_ends(tmp_path: Path) -> None:
    """UPDATE of every order, then 0.5 s more in the same transaction: the report says the
    rows stayed locked ~0.5 s; and an application's UPDATE of one of them, sent meanwhile from
    another connection, really waited that long. A DELETE of no rows locks none."""
    waited_file = tmp_path / "app_waited_ms"
    body = f"""
    import threading
    import time

    op.execute("UPDATE orders SET note = 'migrated'")
    engine = op.get_bind().engine

    def application_write() -> None:
        with engine.connect() as other:
            started = time.perf_counter()
            other.exec_driver_sql(
                "UPDATE orders SET total_cents = 1 WHERE id = (SELECT min(id) FROM orders)"
            )
            other.commit()
            waited = (time.perf_counter() - started) * 1000
            open({str(waited_file)!r}, "w").write(str(waited))

    if not op.get_context().as_sql:  # not in lint's offline rendering: no database there
        threading.Thread(target=application_write, daemon=True).start()
    op.execute("SELECT pg_sleep(0.5)")
    op.execute("DELETE FROM orders WHERE false")
    """
    report, run = _rehearse_one(tmp_path, "0002_fill", body, default_rows=2_000)
    assert not report.failed, [run.error for run in report.revisions]
    update, _sleep, delete = run.statements
    [locked] = update.rows_locked
    assert (locked.table, locked.rows) == ("orders", 2_000)
    assert locked.held_ms >= 500, locked
    assert delete.rows_locked == []
    for _ in range(100):  # the application's write ends when the migration commits
        if waited_file.exists() and waited_file.read_text():
            break
        time.sleep(0.05)
    app_waited = float(waited_file.read_text())
    assert 400 <= app_waited <= locked.held_ms + 50, (app_waited, locked.held_ms)
    assert verdict(update) == f"rows locked {locked.held_ms / 1000:.1f} s" or (
        locked.held_ms < 1000 and verdict(update) == "ok"
    )
    assert "2,000 rows of orders" in rehearsal_markdown(report)


def test_the_instruments_keep_sqlalchemy_on_its_fast_path(tmp_path: Path) -> None:
    """While a revision runs under the instruments, neither its connection nor the engine has
    a SQLAlchemy event listener (any listener sends every statement down SQLAlchemy's slower
    path, for good: ~20 us a statement, 0.4 s of 20,000 single-row UPDATEs); what it sends is
    still seen: the loop folded into one statement with its runs, its own COMMIT ending the
    locks, a statement on a connection it opens itself run but not instrumented."""
    seen = tmp_path / "events"
    body = f"""
    bind = op.get_bind()
    if not op.get_context().as_sql:  # the rehearsal (lint renders this revision offline)
        with open({str(seen)!r}, "a") as out:
            out.write(f"{{bind._has_events}} {{bind.engine._has_events}}\\n")
    for i in range(40):
        op.execute(f"UPDATE orders SET note = 'n{{i}}' WHERE id = {{i}}")
    op.execute("COMMIT")
    op.execute("SELECT pg_sleep(0.2)")
    if not op.get_context().as_sql:
        with bind.engine.begin() as other:
            other.exec_driver_sql("SELECT count(*) FROM users")
    """
    report, run = _rehearse_one(tmp_path, "0002_fast", body)
    assert not report.failed, run.error
    assert seen.read_text().splitlines()[-1] == "False False"
    loop, commit, sleep = run.statements
    assert loop.sql.startswith("UPDATE orders SET note = 'n0'") and loop.repeated == 40, loop
    assert commit.sql == "COMMIT" and sleep.sql == "SELECT pg_sleep(0.2)"
    # The loop's locks went with the revision's own COMMIT, not with Alembic's at the end.
    [held] = [lock for lock in loop.locks if lock.table == "orders"]
    assert held.held_ms < 150, held


def test_dialect_hooks_see_every_connection_of_the_engine_and_are_removed(
    pg_database: Database,
) -> None:
    """What two connections of an engine send, commit and roll back reaches the watcher, in
    order, without a SQLAlchemy listener; afterwards the dialect is as it was."""
    import sqlalchemy as sa

    from migcheck.dialect_hooks import watch

    engine = sa.create_engine(pg_database.url, poolclass=sa.pool.NullPool)
    with engine.connect():  # the dialect's first-connect queries, before watching
        pass
    seen: list[tuple[str, str]] = []

    class Watcher:
        def send(
            self,
            context: object,
            cursor: object,
            statement: str,
            parameters: object,
            many: bool,
            run: Callable[[], None],
        ) -> None:
            seen.append((statement.split(maxsplit=1)[0], "many" if many else str(parameters or "")))
            run()

        def end(self, dbapi_connection: object, verb: str, finish: Callable[[], None]) -> None:
            seen.append((verb, ""))
            finish()

    stop = watch(engine, Watcher())
    try:
        with engine.connect() as one, engine.connect() as two:
            one.execute(sa.text("SELECT :x"), {"x": 1})
            two.exec_driver_sql("SELECT 2")
            one.commit()
            two.execute(sa.text("SELECT :y"), [{"y": 1}, {"y": 2}])
            two.rollback()
            assert not one._has_events and not two._has_events and not engine._has_events
    finally:
        stop()
    assert seen[:5] == [
        ("SELECT", "{'x': 1}"),
        ("SELECT", ""),
        ("COMMIT", ""),
        ("SELECT", "many"),
        ("ROLLBACK", ""),
    ], seen
    assert set(seen[5:]) == {("ROLLBACK", "")}, seen  # the pool's reset as each one closes
    assert not {"do_execute", "do_executemany", "do_commit", "do_rollback"} & set(
        vars(engine.dialect)
    )
    engine.dispose()


def test_row_locks_add_up_over_a_loop_and_end_at_the_revisions_own_commit(
    tmp_path: Path,
) -> None:
    """1,200 single-row UPDATEs in one transaction are one statement run 1,200 times, 1,200
    rows locked until its end; a COMMIT the revision sends itself ends the next UPDATE's locks,
    not the sleep after it."""
    body = """
    for offset in range(1200):
        op.execute(
            "UPDATE orders SET note = 'loop' WHERE id = "
            f"(SELECT id FROM orders ORDER BY id LIMIT 1 OFFSET {offset})"
        )
    op.execute("SELECT pg_sleep(0.3)")
    op.execute("COMMIT")
    op.execute("UPDATE orders SET note = 'after'")
    op.execute("COMMIT")
    op.execute("SELECT pg_sleep(0.6)")
    """
    report, run = _rehearse_one(tmp_path, "0002_loop", body, default_rows=2_000)
    assert not report.failed, [run.error for run in report.revisions]
    [loop] = [st for st in run.statements if "'loop'" in st.sql]
    assert loop.sql.endswith("OFFSET 0)") and loop.repeated == 1200, loop
    [first] = loop.rows_locked
    assert (first.rows, first.transaction_rows, first.held_ms >= 300) == (1200, 1200, True), first
    [after] = next(st for st in run.statements if "'after'" in st.sql).rows_locked
    assert (after.rows, after.transaction_rows) == (2_000, 2_000)
    assert after.held_ms < 450, after  # not the 600 ms sleep after the COMMIT
    markdown = rehearsal_markdown(report)
    assert "1,200 rows of orders" in markdown
    assert "(1,200 runs)" in markdown
    assert markdown.count("rows of orders") == 1  # the loop is one line, not 1,200
    # A COMMIT with comments around it ends the transaction too.
    assert ENDS_TRANSACTION.match("-- backfill done\nCOMMIT; /* next */")


def test_a_loop_of_one_statement_is_one_entry_with_its_runs(tmp_path: Path) -> None:
    """A data migration's loop sends one UPDATE per row, the values as parameters: the report
    has one entry for the runs that follow each other in a transaction (its first run's SQL,
    how many, their time in all and the longest). --max-statement-ms judges the longest run,
    not the loop. After a COMMIT it is a new entry, and so is a loop on another line."""
    body = """
    conn = op.get_bind()
    update = sa.text(
        "UPDATE orders SET note = :note WHERE id = :id AND (SELECT true FROM pg_sleep(:pause))"
    )
    for number in range(1, 31):
        conn.execute(update, {"note": f"n{number}", "id": number, "pause": 0.01})
    op.execute("COMMIT")
    for number in range(1, 4):
        conn.execute(update, {"note": "again", "id": number, "pause": 0})
    op.execute("UPDATE users SET name = 'x' WHERE id = 1")
    for number in range(1, 4):
        conn.execute(update, {"note": "more", "id": number, "pause": 0})
    """
    budgets = Budgets(max_statement_ms=200, max_lock_ms=None, max_blocked_ms=None)
    report, run = _rehearse_one(tmp_path, "0002_loop", body, budgets=budgets)
    assert not report.failed, (run.error, report.budget_violations)
    loop, _commit, again, users, more = run.statements
    assert (loop.repeated, again.repeated, users.repeated, more.repeated) == (30, 3, 1, 3)
    assert "note = 'n1' WHERE id = 1 " in loop.sql, loop.sql
    assert loop.duration_ms >= 300, loop  # 30 runs of 10 ms each
    assert loop.longest_ms is not None and 10 <= loop.longest_ms < 200, loop
    assert users.longest_ms is None
    [locked] = loop.rows_locked
    assert (locked.rows, locked.transaction_rows) == (30, 30)
    assert "'again'" in again.sql and "'more'" in more.sql
    document = json.loads(rehearsal_json(report))
    [entry] = [
        st
        for r in document["revisions"]
        if r["revision"] == "0002_loop"
        for st in r["statements"]
        if st["repeated"] == 30
    ]
    assert entry["longest_ms"] == loop.longest_ms
    console = Console(record=True, width=200, no_color=True)
    print_rehearsal(report, console)
    text = console.export_text()
    assert "(30 runs)" in text and "38 statements in" in text, text


def test_a_loop_of_a_select_and_an_update_per_row_is_two_entries(tmp_path: Path) -> None:
    """manila's loops read a row and write one per row (SELECT, UPDATE, SELECT, UPDATE...):
    an entry for each of the two, with its runs. The loop's traffic waits (here on the ACCESS
    EXCLUSIVE lock of the ADD COLUMN before it, held to the commit) are reported once, on
    its first statement, over the loop's whole time; the other reports none. (A table the
    revision made before the loop is no reason not to fold its SELECTs: manila's
    5077ffcc5f1c.)"""
    body = """
    op.create_table("audit", sa.Column("id", sa.Integer, primary_key=True))
    op.add_column("orders", sa.Column("flag", sa.Boolean()))
    conn = op.get_bind()
    select = sa.text("SELECT id FROM orders WHERE id = :id AND (SELECT true FROM pg_sleep(0.005))")
    update = sa.text("UPDATE orders SET note = :note WHERE id = :id")
    for number in range(1, 101):
        row = conn.execute(select, {"id": number}).first()
        conn.execute(update, {"note": f"n{number}", "id": row.id})
    """
    report, run = _rehearse_one(tmp_path, "0002_pairs", body)
    assert not report.failed, run.error
    _create, add, select, update = run.statements
    assert (add.repeated, select.repeated, update.repeated) == (1, 100, 100)
    assert select.sql.startswith("SELECT id FROM orders WHERE id = 1 ")
    assert select.duration_ms >= 500, select  # 100 runs of 5 ms each
    assert select.blocked_ms.read >= 300 and select.blocked_ms.write >= 300, select.blocked_ms
    assert (update.blocked_ms.read, update.blocked_ms.write) == (0, 0), update.blocked_ms
    [locked] = update.rows_locked
    assert locked.rows == 100


def test_a_looped_select_that_changes_the_schema_is_not_folded(tmp_path: Path) -> None:
    """A SELECT of a function that makes a table when it needs one (a partition per value):
    a run that made one is a statement of its own, so its locks and tables are reported;
    the runs after one that changed nothing are folded."""
    body = """
    op.execute(
        "CREATE FUNCTION part(n int) RETURNS int LANGUAGE plpgsql AS $$ BEGIN "
        "EXECUTE format('CREATE TABLE IF NOT EXISTS part_%s (id int)', n % 2); "
        "RETURN n; END $$"
    )
    for number in range(4):
        op.execute(f"SELECT part({number})")
    """
    report, run = _rehearse_one(tmp_path, "0002_parts", body, default_rows=100)
    assert not report.failed, run.error
    selects = [st for st in run.statements if st.sql.startswith("SELECT part")]
    assert [st.repeated for st in selects] == [1, 1, 2], selects


@pytest.mark.parametrize("driver", ["psycopg", "psycopg2"])
def test_the_run_of_a_loop_that_fails_is_reported_on_its_own(tmp_path: Path, driver: str) -> None:
    """The 50th UPDATE of a loop fails: the 49 before it are one entry, the failing one a
    statement of its own with its values and PostgreSQL's error, at the loop's line. A
    psycopg2 project's statements (bound on the client) fold alike."""
    body = """
    conn = op.get_bind()
    update = sa.text("UPDATE orders SET total_cents = :cents WHERE id = :id")
    for number in range(1, 101):
        conn.execute(update, {"cents": 2**40 if number == 50 else number, "id": number})
    """
    ini = INI
    if driver == "psycopg2":
        ini = re.sub(r"(?m)^sqlalchemy\.url = .*$", f"sqlalchemy.url = {PSYCOPG2_URL}", INI)
    report, run = _rehearse_one(tmp_path, "0002_fails", body, ini=ini)
    assert report.failed
    loop, failed = run.statements
    assert (loop.repeated, loop.error, failed.repeated) == (49, None, 1)
    assert "total_cents = 1099511627776 WHERE id = 50" in failed.sql, failed.sql
    assert failed.error == "integer out of range", failed.error
    assert run.error is not None and "22003" in run.error, run.error
    assert run.error_line == loop.line == failed.line


def test_rows_locked_too_long_exceed_max_row_lock_ms_once_per_transaction(tmp_path: Path) -> None:
    """50 single-row UPDATEs, then 0.4 s more in the same transaction: their rows stay locked
    that long, which no table lock shows and no probe waits for. --max-row-lock-ms names the
    table and the transaction's rows once, at the first UPDATE; a short transaction passes."""
    body = """
    for number in range(1, 51):
        op.execute(f"UPDATE orders SET note = 'n{number}' WHERE id = {number}")
    op.execute("SELECT pg_sleep(0.4)")
    op.execute("COMMIT")
    op.execute("UPDATE users SET name = 'quick' WHERE id = 1")
    """
    budgets = Budgets(max_row_lock_ms=200)
    report, run = _rehearse_one(tmp_path, "0002_rows", body, default_rows=1_000, budgets=budgets)
    assert report.failed and not run.error
    [violation] = report.budget_violations
    assert (violation.budget, violation.revision, violation.limit) == (
        "max-row-lock-ms",
        "0002_rows",
        200,
    )
    assert violation.value >= 400
    assert violation.message.startswith("50 rows of orders locked ")
    first = next(st for st in run.statements if st.sql.startswith("UPDATE orders"))
    assert violation.line == first.line


def test_a_row_by_row_loop_is_polled_once_per_transaction(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A data migration's thousands of single-row UPDATEs take the locks the first one took:
    the lock monitor polls after the first of each shape in a transaction, not after every
    one (a round trip each, and the probes woken: 0.73 s of replay against 0.21 s for the
    sample's slug backfill; gnocchi's 62a8dfb139bb, 60,000 UPDATEs of three tables in turn,
    67 s against 22 s). The first one's locks are still recorded."""
    from migcheck.online import shape
    from migcheck.rehearse.instruments import LockMonitor

    assert shape("UPDATE t SET a = 'it''s', b = 1.5e3 WHERE id = 42 AND c IS NULL") == (
        "UPDATE t SET a = ?, b = ? WHERE id = ? AND c IS ?"
    )
    polls = 0
    sample = LockMonitor.sample

    def counted(self: LockMonitor) -> None:
        nonlocal polls
        polls += 1
        sample(self)

    monkeypatch.setattr(LockMonitor, "sample", counted)
    body = """
    op.execute("UPDATE orders SET note = 'first' WHERE id = 1000")
    for number in range(1, 301):
        op.execute(f"UPDATE orders SET note = 'n{number}' WHERE id = {number}")
        op.execute(f"UPDATE users SET name = 'u{number}' WHERE id = {number}")
    op.execute("COMMIT")
    for number in range(1, 4):
        op.execute(f"UPDATE orders SET note = 'm{number}' WHERE id = {number}")
        op.execute("COMMIT")
    """
    report, run = _rehearse_one(tmp_path, "0002_loop", body, default_rows=1_000)
    assert not report.failed, [run.error for run in report.revisions]
    updates = [st for st in run.statements if st.sql.startswith("UPDATE")]
    # The loop's two UPDATEs took turns: an entry each, of 300 runs; one per transaction after.
    assert [st.repeated for st in updates] == [1, 300, 300, 1, 1, 1], updates
    assert "RowExclusiveLock" in {lock.mode for lock in updates[0].locks}
    assert updates[2].sql.startswith("UPDATE users")
    assert "RowExclusiveLock" in {lock.mode for lock in updates[2].locks}
    # The first UPDATE of orders in the transaction counts the loop's rows too.
    assert "301 rows of orders" in rehearsal_markdown(report)
    assert "(1 by this statement, the rest by later ones)" in rehearsal_markdown(report)
    # The first UPDATE of each table, the COMMITs, the three UPDATEs each after a COMMIT, and
    # what Alembic sends around the revision: far fewer than the 608 statements.
    assert polls < 20, polls


@pytest.mark.parametrize("driver", ["psycopg2", "psycopg"])
def test_after_a_revisions_own_commit_statements_run_as_the_projects_driver_runs_them(
    tmp_path: Path, driver: str
) -> None:
    """op.execute("COMMIT") then CREATE INDEX CONCURRENTLY: psycopg2 sends no BEGIN after it,
    so the index builds, and the statements after the COMMIT commit one by one; psycopg 3
    begins a transaction, and the index fails as it would in production. The rehearsal runs on
    psycopg 3 either way and plays the project's driver."""
    body = """
    op.execute("UPDATE orders SET note = 'before'")
    op.execute("COMMIT")
    op.execute("CREATE INDEX CONCURRENTLY ix_orders_note ON orders (note)")
    op.execute("UPDATE orders SET note = 'after'")
    """
    url = "postgresql+psycopg2://shop:shop@localhost:5432/shop"
    if driver == "psycopg":
        url = "postgresql+psycopg://shop:shop@localhost:5432/shop"
    ini = re.sub(r"(?m)^sqlalchemy\.url = .*$", f"sqlalchemy.url = {url}", INI)
    report, run = _rehearse_one(tmp_path, "0002_commit", body, ini=ini)
    if driver == "psycopg":
        assert run.error is not None and "25001" in run.error, run.error
        return
    assert run.error is None and not report.failed, run.error
    before, _commit, index, after = run.statements
    assert (before.in_transaction, index.in_transaction, after.in_transaction) == (
        True,
        False,
        False,
    )
    assert index.indexes_built == ["ix_orders_note"], index
    [locked] = after.rows_locked
    assert locked.held_ms <= after.duration_ms + 1, (locked, after.duration_ms)


def test_junit_fails_on_max_duration() -> None:
    """--max-duration names the slowest revision but no statement: its own failed case."""
    report = RehearsalModel(
        version="0",
        backend="embedded",
        server_version=18,
        revisions=[RevisionModel(revision="r1", file="r1.py", duration_ms=2000.0)],
        budget_violations=[
            BudgetViolationModel(
                budget="max-duration",
                limit=1,
                value=2.0,
                revision="r1",
                message="the revisions took 2.0 s in all",
            )
        ],
    )
    root = ET.fromstring(rehearsal_junit(report))
    [failure] = root.iter("failure")
    assert "took 2.0 s" in failure.get("message", "")
    assert root.get("failures") == "1"


def test_psycopg2_emulation_leaves_chained_and_reopened_transactions_alone(
    tmp_path: Path,
) -> None:
    """A psycopg2 project: COMMIT AND CHAIN begins the next transaction on the server (no
    autocommit after it); a BEGIN sent after a plain COMMIT opens a transaction that Alembic's
    own commit ends, and what runs in it is in a transaction (its locks held to the end)."""
    body = """
    op.execute("COMMIT AND CHAIN")
    op.execute("UPDATE orders SET note = 'chained'")
    op.execute("COMMIT")
    op.execute("BEGIN")
    op.execute("UPDATE orders SET note = 'reopened'")
    op.execute("SELECT pg_sleep(0.3)")
    """
    run = _rehearse_psycopg2_project(tmp_path, "0002_chain", body)
    flags = [st.in_transaction for st in run.statements]
    assert flags == [True, True, True, False, True, True], flags
    [reopened] = run.statements[4].rows_locked
    assert reopened.held_ms >= 300, reopened  # until Alembic's commit, past the sleep


def test_psycopg2_emulation_then_autocommit_block(tmp_path: Path) -> None:
    """A psycopg2 project: after its own COMMIT, an autocommit_block() ends the emulated
    autocommit (Alembic commits first), and the statements after the block are in a
    transaction again."""
    body = """
    op.execute("UPDATE orders SET note = 'a'")
    op.execute("COMMIT")
    op.execute("UPDATE orders SET note = 'b'")
    with op.get_context().autocommit_block():
        op.execute("CREATE INDEX CONCURRENTLY ix_orders_note ON orders (note)")
    op.execute("UPDATE orders SET note = 'c'")
    """
    run = _rehearse_psycopg2_project(tmp_path, "0002_block", body)
    flags = [st.in_transaction for st in run.statements]
    assert flags == [True, True, False, False, True], flags


def _rehearse_psycopg2_project(tmp_path: Path, revision_id: str, body: str) -> RevisionModel:
    """The run of ``body`` in a project whose alembic.ini names psycopg2; it must pass."""
    ini = re.sub(r"(?m)^sqlalchemy\.url = .*$", f"sqlalchemy.url = {PSYCOPG2_URL}", INI)
    report, run = _rehearse_one(tmp_path, revision_id, body, ini=ini)
    assert run.error is None and not report.failed, run.error
    return run


def test_a_budget_names_the_one_slow_statement_of_a_loop(tmp_path: Path) -> None:
    """Twenty runs of a statement from one line, one of them over --max-statement-ms: one
    violation naming the loop's statement and its longest run, one failed JUnit test case."""
    body = """
    for turn in range(20):
        op.execute(f"SELECT pg_sleep({0.3 if turn == 7 else 0})")
    """
    budgets = Budgets(max_statement_ms=200, max_lock_ms=None, max_blocked_ms=None)
    report, run = _rehearse_one(tmp_path, "0002_loop", body, budgets=budgets)
    [violation] = report.budget_violations
    [loop] = run.statements
    assert report.revisions[violation.run or 0] is run and violation.statement == 0
    assert loop.repeated == 20 and violation.value == loop.longest_ms, (loop, violation)
    assert violation.value >= 300 and "(the longest of its 20 runs)" in violation.message
    root = ET.fromstring(rehearsal_junit(report))
    [suite] = [s for s in root.iter("testsuite") if s.get("name") == "0002_loop upgrade"]
    assert suite.get("failures") == "1"
    assert len(list(suite.iter("failure"))) == 1


def test_an_error_the_revision_catches_is_the_one_reported(tmp_path: Path) -> None:
    """The revision swallows 42P01 and goes on; PostgreSQL refuses the rest with 25P02. The
    report names the first error, at its line."""
    body = """
    from sqlalchemy.exc import ProgrammingError

    try:
        op.execute("ALTER TABLE nope ADD COLUMN x int")
    except ProgrammingError:
        pass
    op.execute("ALTER TABLE orders ADD COLUMN y int")
    """
    project = write_project(tmp_path / "app", [revision_source("0002_swallow", BASE_ID, body)])
    report = rehearse(_options(project.root, default_rows=1_000, from_revision=BASE_ID)).report
    [run] = [r for r in report.revisions if r.revision == "0002_swallow"]
    assert run.error is not None and "42P01" in run.error, run.error
    assert "caught it" in run.error
    assert run.error_line == _line_in(project.file("0002_swallow"), "ALTER TABLE nope")


def _line_in(path: Path, text: str) -> int:
    return next(n for n, line in enumerate(path.read_text().splitlines(), 1) if text in line)


def test_max_duration_counts_the_upgrades_not_the_server_or_the_seed() -> None:
    """The migrations' own time as a deploy waits for it: each revision's first upgrade (a
    --downgrade round trip is not part of a deploy), never the server start or the seeding;
    the longest revision is named."""
    from migcheck.rehearse.model import RevisionModel
    from migcheck.rehearse.runner import _check_budgets

    def run(*revisions: tuple[str, str, float]) -> RehearsalModel:
        report = RehearsalModel(version="0", backend="embedded", server_version=18)
        report.duration_seconds = 120.0  # server start and seeding included
        report.revisions = [
            RevisionModel(revision=rev, file=f"{rev}.py", direction=direction, duration_ms=ms)
            for rev, direction, ms in revisions
        ]
        _check_budgets(report, Budgets(max_duration=5))
        return report

    within = run(("a1", "upgrade", 2_000), ("b2", "upgrade", 2_500))
    assert within.budget_violations == []
    round_trips = run(
        ("a1", "upgrade", 2_000), ("a1", "downgrade", 3_000), ("a1", "upgrade", 2_000)
    )
    assert round_trips.budget_violations == []
    over = run(("a1", "upgrade", 1_200), ("b2", "upgrade", 4_300))
    [violation] = over.budget_violations
    assert (violation.budget, violation.value, violation.revision) == ("max-duration", 5.5, "b2")
    assert violation.message == "the revisions took 5.5 s in all (the longest: b2, 4.3 s)"


# ---------------------------------------------------------------------------------------------
# --start-schema: histories whose first tables the application makes (create_all())
# ---------------------------------------------------------------------------------------------

# A history that alters a table no revision creates (hasjob's and pybossa's are like this).
CREATE_ALL_HISTORY = [
    revision_source("a1_score", None, 'op.add_column("jobpost", sa.Column("score", sa.Integer()))'),
    revision_source(
        "b2_index", "a1_score", 'op.create_index("ix_jobpost_score", "jobpost", ["score"])'
    ),
]

# What pg_dump --schema-only --no-owner --no-privileges writes, psql meta-commands included;
# a newer pg_dump sets parameters an older server does not have (transaction_timeout on 15).
JOBPOST_DUMP = """\
--
-- PostgreSQL database dump
--
\\restrict k3yFr0mPgDump

SET statement_timeout = 0;
SET a_setting_newer_than_this_server = 0;
SELECT pg_catalog.set_config('search_path', '', false);

CREATE TABLE public.jobpost (
    id integer NOT NULL,
    title text NOT NULL{extra}
);

ALTER TABLE ONLY public.jobpost
    ADD CONSTRAINT jobpost_pkey PRIMARY KEY (id);

\\unrestrict k3yFr0mPgDump
"""


def test_start_schema_rehearses_a_history_that_starts_from_create_all(tmp_path: Path) -> None:
    project = write_project(tmp_path / "app", CREATE_ALL_HISTORY, with_base=False).root
    without = rehearse(_options(project, default_rows=2_000)).report
    assert without.failed
    assert "42P01" in (without.revisions[0].error or "")

    dump = tmp_path / "schema.sql"
    dump.write_text(JOBPOST_DUMP.format(extra=""), encoding="utf-8")
    report = rehearse(_options(project, default_rows=2_000, start_schema=dump)).report
    assert not report.failed, [r.error for r in report.revisions]
    assert [r.revision for r in report.revisions] == ["a1_score", "b2_index"]
    assert report.seed.tables["public.jobpost"] == 2_000


def test_start_schema_with_from_is_stamped_there_not_upgraded(tmp_path: Path) -> None:
    """A dump of production, which is at a1_score: only the revisions after it are run."""
    project = write_project(tmp_path / "app", CREATE_ALL_HISTORY, with_base=False).root
    dump = tmp_path / "production.sql"
    dump.write_text(JOBPOST_DUMP.format(extra=",\n    score integer"), encoding="utf-8")
    options = _options(project, default_rows=2_000, start_schema=dump, from_revision="a1_score")
    report = rehearse(options).report
    assert not report.failed, [r.error for r in report.revisions]
    assert [r.revision for r in report.revisions] == ["b2_index"]
    [build] = report.revisions[0].statements
    assert any(lock.table == "jobpost" and lock.mode == "ShareLock" for lock in build.locks)


# Two branches merged: r0 -> a1 -> a2 and r0 -> b1, merged by m; c needs b1's table. Alembic's
# order is r0, a1, a2, b1, m, c.
BRANCHED_HISTORY = {
    "r0": revision_source(
        "r0", None, 'op.create_table("accounts", sa.Column("id", sa.Integer(), primary_key=True))'
    ),
    "a1": revision_source("a1", "r0", 'op.add_column("accounts", sa.Column("a1", sa.Integer()))'),
    "a2": revision_source("a2", "a1", 'op.add_column("accounts", sa.Column("a2", sa.Integer()))'),
    "b1": revision_source(
        "b1", "r0", 'op.create_table("b_things", sa.Column("id", sa.Integer(), primary_key=True))'
    ),
    "m": revision_source("m", ["a2", "b1"], "pass"),
    "c": revision_source("c", "m", 'op.create_index("ix_b_things_id", "b_things", ["id"])'),
}


def test_from_on_one_branch_applies_it_and_rehearses_the_other(tmp_path: Path) -> None:
    """--from b1: b1 comes after a1 and a2 in the order, and is applied all the same."""
    project = write_project(tmp_path / "app", BRANCHED_HISTORY, with_base=False).root
    report = rehearse(_options(project, default_rows=1_000, from_revision="b1")).report
    assert not report.failed, [(r.revision, r.error) for r in report.revisions]
    assert [r.revision for r in report.revisions] == ["a1", "a2", "m", "c"]


def test_from_takes_several_heads(tmp_path: Path) -> None:
    project = write_project(tmp_path / "app", BRANCHED_HISTORY, with_base=False).root
    report = rehearse(_options(project, default_rows=1_000, from_revision="a2, b1")).report
    assert not report.failed, [(r.revision, r.error) for r in report.revisions]
    assert [r.revision for r in report.revisions] == ["m", "c"]
    with pytest.raises(RehearsalError, match=r"--from a2,zz: no revision 'zz'"):
        rehearse(_options(project, default_rows=1_000, from_revision="a2,zz"))


def test_start_schema_errors_name_the_file_and_line(tmp_path: Path) -> None:
    from migcheck.errors import RehearsalError

    project = write_project(tmp_path / "app", CREATE_ALL_HISTORY, with_base=False).root
    with_rows = tmp_path / "full.sql"
    with_rows.write_text("CREATE TABLE t (id int);\nCOPY public.t (id) FROM stdin;\n1\n\\.\n")
    with pytest.raises(
        RehearsalError, match=r"full\.sql:2: --start-schema takes a schema, not rows"
    ):
        rehearse(_options(project, start_schema=with_rows))
    broken = tmp_path / "broken.sql"
    broken.write_text("CREATE TABLE a (id int);\n\nCREATE TABLE b (id int,);\n")
    with pytest.raises(
        RehearsalError, match=r"broken\.sql:3: PostgreSQL error 42601: syntax error"
    ):
        rehearse(_options(project, start_schema=broken))
    owned = tmp_path / "owned.sql"
    owned.write_text("CREATE TABLE jobpost (id int);\nALTER TABLE jobpost OWNER TO hasjob;\n")
    with pytest.raises(
        RehearsalError, match=r"owned\.sql: PostgreSQL error 42704: role \"hasjob\" .*--no-owner"
    ):
        rehearse(_options(project, start_schema=owned))


def test_cli_start_schema_is_refused_with_a_database_url(tmp_path: Path) -> None:
    dump = tmp_path / "schema.sql"
    dump.write_text("CREATE TABLE t (id int);\n")
    done = _cli(
        str(SAMPLE),
        "--backend",
        "url",
        "--database-url",
        "postgresql://u@127.0.0.1:1/db",
        "--start-schema",
        str(dump),
    )
    _no_traceback(done)
    assert done.returncode == 2
    [line] = done.stderr.strip().splitlines()
    assert "--start-schema" in line and "throwaway" in line


# ---------------------------------------------------------------------------------------------
# the url backend: refusals, and the password never shown
# ---------------------------------------------------------------------------------------------


def _tcp_url(db: Database) -> str:
    """``db`` as a TCP URL with its password in it (the socket URL hides it in a query)."""
    parts = conninfo_to_dict(db.conninfo)
    return (
        f"postgresql://{parts['user']}:{parts['password']}@127.0.0.1:{parts['port']}/"
        f"{parts['dbname']}"
    )


def _password(db: Database) -> str:
    password = conninfo_to_dict(db.conninfo).get("password")
    assert password and len(str(password)) >= 8
    return str(password)


def _assert_secret_kept(password: str, *runs: subprocess.CompletedProcess[str]) -> None:
    for done in runs:
        assert password not in done.stdout
        assert password not in done.stderr


def test_url_backend_refuses_without_allow_writes(pg_database: Database) -> None:
    done = _cli(str(SAMPLE), "--backend", "url", "--database-url", _tcp_url(pg_database))
    _no_traceback(done)
    assert done.returncode == 2
    assert "--allow-writes" in done.stderr
    _assert_secret_kept(_password(pg_database), done)
    with connect(pg_database) as conn:  # untouched
        assert conn.execute("SELECT to_regclass('alembic_version')").fetchone() == (None,)


def test_url_backend_refuses_a_database_ahead_of_the_project(pg_database: Database) -> None:
    with connect(pg_database, autocommit=True) as conn:
        conn.execute("CREATE TABLE alembic_version (version_num varchar(32) PRIMARY KEY)")
        conn.execute("INSERT INTO alembic_version VALUES ('f00dfeedbeef')")
    done = _cli(
        str(SAMPLE),
        "--backend",
        "url",
        "--allow-writes",
        "--database-url",
        _tcp_url(pg_database),
    )
    _no_traceback(done)
    assert done.returncode == 2
    assert "f00dfeedbeef" in done.stderr
    assert "ahead" in done.stderr
    _assert_secret_kept(_password(pg_database), done)
    with connect(pg_database) as conn:  # untouched: no table of the sample was created
        assert conn.execute("SELECT to_regclass('users')").fetchone() == (None,)


def test_url_backend_seeds_only_when_asked(tmp_path: Path, pg_database: Database) -> None:
    project = _project_without(tmp_path, FAILING_HEAD[0])
    report = rehearse(
        _url_options(
            project,
            pg_database,
            default_rows=1_000,
            from_revision="8e3a5d0b7c14",
        )
    ).report
    assert report.seed.tables["public.users"] == 1_000
    assert report.seed.tables["public.products"] == 5_000  # the sample's config, as asked
    assert [run.revision for run in report.revisions] == ["d0c7f2b4a968"]
    assert not report.failed, report.revisions[-1].error


@pytest.mark.slow
def test_url_backend_never_prints_the_password(pg_database: Database) -> None:
    url = _tcp_url(pg_database)
    password = _password(pg_database)
    # An empty database: every revision runs on empty tables, in one transaction as Alembic
    # would; the head's ADD COLUMN passes, its CREATE INDEX CONCURRENTLY (outside
    # autocommit_block()) fails.
    text = _cli(str(SAMPLE), "--backend", "url", "--allow-writes", "--database-url", url)
    _no_traceback(text)
    assert text.returncode == 1, text.stderr[-3000:]
    assert "FAILED revision 6a9e4f1b3c82" in text.stdout
    assert "25001" in text.stdout  # cannot run inside a transaction block
    # Again, from the environment, as JSON. (It fails sooner: the first run committed what
    # ran inside autocommit_block(), as Alembic would have, so ab3f6e0d2c71 meets its index.)
    formatted = _cli(
        str(SAMPLE),
        "--backend",
        "url",
        "--allow-writes",
        "--format",
        "json",
        env={"MIGCHECK_DATABASE_URL": url},
    )
    _no_traceback(formatted)
    assert formatted.returncode == 1, formatted.stderr[-3000:]
    report = json.loads(formatted.stdout)
    assert report["revisions"][-1]["error"]
    # A database handed over is not seeded unless --rows says so, whatever the config says.
    assert report["seed"]["tables"] == {}
    assert ":***@127.0.0.1" in report["backend"]
    wrong = _cli(
        str(SAMPLE),
        "--backend",
        "url",
        "--allow-writes",
        "--database-url",
        url.replace(f":{password}@", ":not-the-password@"),
    )
    _no_traceback(wrong)
    assert wrong.returncode == 2
    assert "not-the-password" not in wrong.stdout + wrong.stderr
    _assert_secret_kept(password, text, formatted, wrong)


# ---------------------------------------------------------------------------------------------
# docker: the same observations on postgres:17
# ---------------------------------------------------------------------------------------------


def _observations(report: RehearsalModel, places: Sequence[tuple[str, int]]) -> dict[str, object]:
    seen: dict[str, object] = {}
    for revision, line in places:
        statement = _statement(report, revision, line)
        strong = sorted(
            (lock.table, lock.mode)
            for lock in statement.locks
            if LockMode.from_pg_name(lock.mode) >= LockMode.SHARE_UPDATE_EXCLUSIVE
        )
        seen[f"{revision}:{line}"] = (strong, statement.rewritten, statement.error is not None)
    return seen


@pytest.mark.docker
@pytest.mark.slow
def test_docker_backend_sees_the_same_locks(request: pytest.FixtureRequest) -> None:
    available, why = docker_available()
    if not available:
        pytest.skip(f"no Docker engine: {why}")
    sample_report: RehearsalModel = request.getfixturevalue("sample_report")  # embedded
    report = rehearse(_options(backend="docker", image="postgres:17", default_rows=50_000)).report
    assert report.backend.startswith("docker")
    assert report.server_version == 17
    places = [
        NON_CONCURRENT_INDEX,
        *CONCURRENT_INDEXES,
        INT_TO_BIGINT,
        VARCHAR_WIDENING,
    ]
    assert _observations(report, places) == _observations(sample_report, places)
    # The failing statement: PostgreSQL lets go of its locks the moment it errors, so what the
    # monitor saw of them depends on whether a sample fell inside its few milliseconds of life.
    # Only the failure itself is the same on both servers.
    assert _statement(report, *FAILING_HEAD).error is not None
    assert report.revisions[-1].error_line == FAILING_HEAD[1]
    assert [m for m in report.mismatches if m.kind == "lock-stronger-than-predicted"] == []


# ---------------------------------------------------------------------------------------------
# what a first-time user's review found
# ---------------------------------------------------------------------------------------------


def _small_project(root: Path, *revisions: tuple[str, str, str]) -> Path:
    """The helpers' base schema (users, coupons, orders, ...) and then ``revisions``, each
    (id, down_revision, upgrade body)."""
    sources = {rid: revision_source(rid, down, body) for rid, down, body in revisions}
    write_project(root, sources)
    assert revisions[0][1] == BASE_ID
    return root


def _rehearse_chain(tmp_path: Path, *revisions: tuple[str, str]) -> RehearsalModel:
    """Rehearse ``revisions`` ((id, upgrade body), each after the one before, the first after
    the test base) on tables of 2,000 rows filled before the first."""
    chain, down = [], BASE_ID
    for revision_id, body in revisions:
        chain.append((revision_id, down, body))
        down = revision_id
    _small_project(tmp_path, *chain)
    return rehearse(_options(tmp_path, default_rows=2_000, from_revision=BASE_ID)).report


def test_a_lock_lint_cannot_see_is_probed_once_it_is_taken(tmp_path: Path) -> None:
    # A DO block hides the table from lint: the probes start when the lock shows in pg_locks.
    body = (
        "op.execute(\"DO $$ BEGIN EXECUTE 'LOCK TABLE coupons IN ACCESS EXCLUSIVE MODE'; "
        'PERFORM pg_sleep(0.4); END $$")'
    )
    project = _small_project(tmp_path, ("0002_hidden_lock", "0001_base", body))
    report = rehearse(_options(project, default_rows=1_000)).report
    assert not report.failed, [r.error for r in report.revisions]
    [statement] = [st for run in report.revisions for st in run.statements if "pg_sleep" in st.sql]
    assert ("coupons", "AccessExclusiveLock") in {(lk.table, lk.mode) for lk in statement.locks}
    # Reads and writes waited for most of the 400 ms (the probes start a few ms in).
    assert statement.blocked_ms.read > 200, statement.blocked_ms
    assert statement.blocked_ms.write > 200, statement.blocked_ms
    assert statement.blocked_on == ["coupons"]


def test_a_missing_application_import_fails_the_revision_instead_of_faking_it(
    tmp_path: Path,
) -> None:
    source = revision_source(
        "0002_uses_app",
        BASE_ID,
        "op.execute(f\"UPDATE users SET name = '{DEFAULT_NAME}'\")",
        imports="from myapp.settings import DEFAULT_NAME",
    )
    write_project(tmp_path, {"0002_uses_app": source})
    report = rehearse(_options(tmp_path, default_rows=1_000)).report
    assert report.failed
    run = report.revisions[-1]
    assert run.revision == "0002_uses_app"
    assert run.error is not None and "myapp" in run.error, run.error
    # Nothing made of a stand-in's value reached the database.
    assert not any("DEFAULT_NAME" in st.sql for r in report.revisions for st in r.statements)


@pytest.mark.parametrize("broken", ["duplicate", "syntax"])
def test_a_broken_history_is_refused_before_any_work(tmp_path: Path, broken: str) -> None:
    good = revision_source(
        "0002_one", BASE_ID, 'op.add_column("users", sa.Column("x", sa.Integer()))'
    )
    if broken == "duplicate":
        other = revision_source("0002_one", BASE_ID, 'op.drop_column("users", "legacy_flag")')
        culprit = "0002_one"
    else:
        other = revision_source("0003_two", "0002_one", "op.execute('SELECT 1')\n    if True\n")
        culprit = "0003_two.py:"
    write_project(tmp_path, {"0002_one": good, "0003_two": other})
    done = _cli(str(tmp_path), "--backend", "embedded", "--rows", "10")
    _no_traceback(done)
    assert done.returncode == 2, done.stdout[-2000:] + done.stderr[-2000:]
    lines = [line for line in done.stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and culprit in lines[0], done.stderr
    assert "starting embedded" not in done.stdout + done.stderr  # refused before any work


def test_url_backend_past_from_is_refused(tmp_path: Path, pg_database: Database) -> None:
    project = _project_without(tmp_path, FAILING_HEAD[0])
    options = _url_options(project, pg_database, default_rows=100, from_revision="8e3a5d0b7c14")
    assert not rehearse(options).report.failed
    with pytest.raises(Exception, match=r"past --from 8e3a5d0b7c14"):
        rehearse(options)  # the database is at the head now


def test_a_failed_revision_with_transaction_per_migration_is_rolled_back(
    tmp_path: Path, pg_database: Database
) -> None:
    """transaction_per_migration: the revision updates rows, then raises. Alembic rolls its
    transaction back; so must the rehearsal, on a database handed over as a URL most of all."""
    body = """
    op.execute("UPDATE users SET name = 'half-migrated'")
    raise RuntimeError("boom")
    """
    project = write_project(
        tmp_path,
        [revision_source("0002_boom", BASE_ID, body)],
        env=env_py(transaction_per_migration=True),
    ).root
    report = rehearse(_url_options(project, pg_database, default_rows=50)).report
    [run] = [r for r in report.revisions if r.revision == "0002_boom"]
    assert run.error is not None and "boom" in run.error
    with connect(pg_database, autocommit=True) as conn:
        half = conn.execute("SELECT count(*) FROM users WHERE name = 'half-migrated'").fetchone()
        version = conn.execute("SELECT version_num FROM alembic_version").fetchall()
    assert half == (0,)
    assert version == [(BASE_ID,)]


def test_a_fresh_url_database_with_rows_is_seeded_revision_by_revision(
    tmp_path: Path, pg_database: Database
) -> None:
    project = _project_up_to(tmp_path, "a81d4e0c9b12")
    report = rehearse(
        _url_options(
            project,
            pg_database,
            default_rows=300,
        )
    ).report
    assert not report.failed, [r.error for r in report.revisions]
    # The tables the first revision made were filled before the second one ran.
    assert report.seed.tables["public.users"] == 300, report.seed.tables
    assert [run.revision for run in report.revisions] == ["3f9c1a2b7d40", "a81d4e0c9b12"]


def test_a_foreign_key_added_later_meets_rows_that_satisfy_it(tmp_path: Path) -> None:
    # orders.coupon_id exists, without a foreign key, when the tables are filled; the revisions
    # under test add one NOT VALID and validate it (the safe way, as lint advises). Production's
    # rows would satisfy it; the seeded ones must too, or the rehearsal fails for nothing.
    add = (
        'op.create_foreign_key("fk_orders_coupon", "orders", "coupons", ["coupon_id"], ["id"], '
        "postgresql_not_valid=True)"
    )
    validate = 'op.execute("ALTER TABLE orders VALIDATE CONSTRAINT fk_orders_coupon")'
    write_project(
        tmp_path,
        {
            "0002_fk": revision_source("0002_fk", BASE_ID, add),
            "0003_validate": revision_source("0003_validate", "0002_fk", validate),
        },
    )
    report = rehearse(_options(tmp_path, default_rows=2_000, from_revision=BASE_ID)).report
    assert [run.revision for run in report.revisions] == ["0002_fk", "0003_validate"]
    assert not report.failed, [run.error for run in report.revisions]
    assert report.seed.tables["public.orders"] == 2_000


def test_a_column_made_not_null_later_is_seeded_without_nulls(tmp_path: Path) -> None:
    # aodh's 009: alarm_history.alarm_id, nullable, is made NOT NULL with no backfill: its
    # author knows production has no NULL there. The seed gives a nullable column its share of
    # NULLs; here that would fail the rehearsal for nothing, so that column gets none, and the
    # report says so. total_cents, backfilled by an UPDATE first, keeps its NULLs (the UPDATE
    # has rows to change, as in production); a CHECK (col IS NOT NULL) counts as NOT NULL.
    set_not_null = 'op.alter_column("orders", "placed_at", nullable=False)'
    backfill = (
        'op.execute("UPDATE orders SET total_cents = 0 WHERE total_cents IS NULL")\n'
        'op.alter_column("orders", "total_cents", nullable=False)'
    )
    check = (
        'op.create_check_constraint("ck_users_name_nn", "users", "name IS NOT NULL", '
        "postgresql_not_valid=True)\n"
        'op.execute("ALTER TABLE users VALIDATE CONSTRAINT ck_users_name_nn")'
    )
    report = _rehearse_chain(
        tmp_path, ("0002_nn", set_not_null), ("0003_backfill", backfill), ("0004_check", check)
    )
    assert not report.failed, [run.error for run in report.revisions]
    notes = "\n".join(report.seed.notes)
    assert "public.orders.placed_at: seeded without NULLs, as revision 0002_nn" in notes
    assert "public.users.name: seeded without NULLs, as revision 0004_check" in notes
    assert "total_cents" not in notes
    [backfill_run] = [r for r in report.revisions if r.revision == "0003_backfill"]
    update = next(s for s in backfill_run.statements if s.sql.startswith("UPDATE"))
    assert sum(locked.rows for locked in update.rows_locked) > 0
    assert "- seeding: public.orders.placed_at: seeded without NULLs" in rehearsal_markdown(report)


def test_columns_made_unique_later_are_seeded_distinct(tmp_path: Path) -> None:
    # datanommer's 951c40020acc and many others: a unique index or constraint on a column that
    # exists, with no clean-up before it. The seed gives users.name names from a list, with
    # repeats; production's have none, or the author would have deduplicated first. So the
    # seed makes them distinct, and says so. (orders.note, cleaned up by a DELETE first, is
    # left as it is: that DELETE must find rows to remove.)
    unique = (
        'op.create_index("ux_users_name", "users", ["name"], unique=True)\n'
        'op.create_unique_constraint("uq_orders_user_coupon", "orders", ["user_id", "coupon_id"])'
    )
    cleanup = 'op.execute("DELETE FROM orders WHERE note IS NULL")'
    report = _rehearse_chain(tmp_path, ("0002_unique", unique), ("0003_cleanup", cleanup))
    assert not report.failed, [run.error for run in report.revisions]
    notes = "\n".join(report.seed.notes)
    assert "public.users (name): seeded with distinct values, as revision 0002_unique" in notes
    assert "public.orders" not in notes  # the DELETE of 0003 may be the clean-up


def test_a_unique_index_without_clean_up_fails_on_duplicates_production_would_have(
    tmp_path: Path,
) -> None:
    # The other side: an UPDATE of the column comes first, so the seed keeps its repeats, and
    # a clean-up that leaves them fails the unique index, as it would in production.
    body = (
        'op.execute("UPDATE users SET name = trim(name) WHERE legacy_flag")\n'
        'op.create_index("ux_users_name", "users", ["name"], unique=True)'
    )
    report = _rehearse_chain(tmp_path, ("0002_unique", body))
    [run] = report.revisions
    assert run.error and "23505" in run.error
    assert not report.seed.notes


def test_a_failure_on_a_seeded_value_says_where_the_value_came_from(tmp_path: Path) -> None:
    # gnocchi's 0718ed97e5b3 copies resource_type.name into a varchar(18): production's names
    # are short, the seed's are not. The error says those rows are the seed's, and how to make
    # them more like production's.
    body = (
        'op.add_column("users", sa.Column("code", sa.String(4)))\n'
        'op.execute("UPDATE users SET code = email")'
    )
    _, run = _rehearse_one(tmp_path, "0002_code", body)
    assert run.error is not None and run.error.startswith("PostgreSQL error 22001")
    assert "those are migcheck's seed, not production's" in run.error
    assert "[tool.migcheck.rehearse.rows]" in run.error and "--rows-from" in run.error


def test_a_revision_meeting_none_in_the_seeded_rows_is_told_so(tmp_path: Path) -> None:
    # manila's 5077ffcc5f1c looks up a share by each export location's share_id, a nullable
    # column the seed left NULL in some rows: ``share_instance.id`` of no row. The error said
    # "uses a database connection that does not exist offline", lint's words for a revision
    # run without a database; a rehearsal has one.
    body = """
    conn = op.get_bind()
    row = conn.execute(sa.text("SELECT id FROM orders WHERE note = 'no such note'")).first()
    op.execute(f"UPDATE orders SET note = 'x' WHERE id = {row.id}")
    """
    _, run = _rehearse_one(tmp_path, "0002_none", body)
    assert run.error is not None
    assert run.error.startswith("AttributeError: 'NoneType' object has no attribute 'id'")
    assert "offline" not in run.error
    assert "those are migcheck's seed, not production's" in run.error


@pytest.mark.parametrize(
    ("backfill", "whole_history"), [(False, False), (True, False), (False, True)]
)
def test_a_not_null_on_a_column_added_empty_says_so(
    tmp_path: Path, backfill: bool, whole_history: bool
) -> None:
    # glance's ocata_expand01 adds images.visibility, ocata_contract01 makes it NOT NULL; the
    # values come from glance-manage in between, outside Alembic. The NULLs are every row's,
    # not the seed's: the error says which revision added the column. With a backfill among
    # the revisions, NULLs left may be the seed's (copied from a column it left NULL). The whole
    # history (no --from) is rehearsed revision by revision.
    fill = 'op.execute("UPDATE orders SET channel = left(note, 20)")' if backfill else "pass"
    chain = (
        ("0002_add", 'op.add_column("orders", sa.Column("channel", sa.String(20)))'),
        ("0003_fill", fill),
        ("0004_require", 'op.alter_column("orders", "channel", nullable=False)'),
    )
    report = _rehearse_chain(tmp_path, *chain)
    if whole_history:
        report = rehearse(_options(tmp_path, default_rows=2_000)).report
    [run] = [r for r in report.revisions if r.revision == "0004_require"]
    assert run.error is not None and run.error.startswith("PostgreSQL error 23502"), run.error
    added = "orders.channel was added by revision 0002_add with no default"
    seeded = "those are migcheck's seed, not production's"
    if backfill:
        assert seeded in run.error and added not in run.error, run.error
    else:
        assert added in run.error and seeded not in run.error, run.error


@pytest.mark.parametrize("driver", ["psycopg", "psycopg2"])
def test_statements_are_compiled_as_the_projects_driver_compiles_them(
    tmp_path: Path, driver: str
) -> None:
    # gnocchi's 8f376189b9eb writes a str to a json column through a Table that says Text.
    # SQLAlchemy's psycopg (3) dialect sends it as '...'::VARCHAR, which PostgreSQL refuses
    # for json; its psycopg2 dialect sends an untyped literal, which PostgreSQL accepts. The
    # rehearsal, always on psycopg 3, plays the project's driver.
    body = (
        'op.add_column("users", sa.Column("settings", sa.JSON()))\n'
        'users = sa.table("users", sa.column("id", sa.Integer), sa.column("settings", sa.Text))\n'
        "op.execute(users.update().where(users.c.id < 10).values(settings='{\"a\": 1}'))"
    )
    ini = INI.replace("postgresql+psycopg://", f"postgresql+{driver}://")
    _, run = _rehearse_one(tmp_path, "0002_json", body, ini=ini)
    if driver == "psycopg2":
        assert run.error is None
        [update] = [s for s in run.statements if s.sql.startswith("UPDATE")]
        assert "::VARCHAR" not in update.sql
    else:
        assert run.error is not None and "42804" in run.error


def test_a_flask_migrate_project_with_its_ini_in_the_migrations_folder(tmp_path: Path) -> None:
    # zou: migrations/alembic.ini has an [alembic] section without script_location (Flask-
    # Migrate sets it in code). The prediction was asked of the application's folder, which
    # holds no ini: "no alembic.ini, env.py or versions/ here", before anything ran.
    body = 'op.create_index("ix_orders_note", "orders", ["note"])'
    project = write_project(tmp_path, [revision_source("0002_channel", BASE_ID, body)])
    migrations = tmp_path / "migrations"
    (tmp_path / "alembic.ini").unlink()
    (migrations / "alembic.ini").write_text(
        "[alembic]\n# template used to generate migration files\n", encoding="utf-8"
    )
    (tmp_path / "app.py").write_text("SECRET_KEY = 'x'\n", encoding="utf-8")  # the application
    assert project.versions.is_dir()
    report = rehearse(_options(migrations, from_revision=BASE_ID, default_rows=100)).report
    assert not report.failed, [run.error for run in report.revisions]
    assert [run.revision for run in report.revisions] == ["0002_channel"]
    [statement] = [s for s in report.revisions[0].statements if "CREATE INDEX" in s.sql]
    assert "index-not-concurrent" in statement.predicted  # lint's prediction reached it


def test_a_text_column_converted_to_an_enum_is_seeded_with_its_labels(tmp_path: Path) -> None:
    # zou's 2b8f88aa610f turns data_import_error.source (varchar) into an enum ('csv',
    # 'shotgun') with USING source::import_source_enum. Production's values are labels; the
    # seed's words were not ("invalid input value for enum"), so the column takes the labels.
    body = (
        "op.execute(\"CREATE TYPE note_kind AS ENUM ('gift', 'rush', 'it''s')\")\n"
        'op.alter_column("orders", "note", type_=sa.Enum("gift", "rush", "it\'s", '
        'name="note_kind", create_type=False), postgresql_using="note::note_kind")'
    )
    report = _rehearse_chain(tmp_path, ("0002_enum", body))
    assert not report.failed, [run.error for run in report.revisions]
    assert (
        "public.orders.note: seeded with the labels of note_kind, as revision 0002_enum"
        in "\n".join(report.seed.notes)
    )


def test_locks_on_a_table_with_a_reserved_name_match_lint_s_name(tmp_path: Path) -> None:
    # ckan's "user" and "group": pg_locks named them as regclass text does, quoted, and every
    # lock on them was a mismatch ("lint predicted no lock"), which says lint has a bug.
    create = 'op.create_table("user", sa.Column("id", sa.Integer, primary_key=True))'
    add = 'op.add_column("user", sa.Column("nick", sa.Text))'
    _small_project(tmp_path, ("0002_user", BASE_ID, create), ("0003_nick", "0002_user", add))
    options = _options(tmp_path, default_rows=100, from_revision="0002_user")
    report = rehearse(options).report
    assert not report.failed, [run.error for run in report.revisions]
    [run] = report.revisions
    [statement] = [st for st in run.statements if "ADD COLUMN" in st.sql]
    assert "user" in {lock.table for lock in statement.locks}
    assert report.mismatches == []


def test_a_revision_naming_an_orm_it_never_imports_runs(tmp_path: Path) -> None:
    # manila's 59eb64046740: ``sa.orm.Session`` after ``import sqlalchemy as sa`` alone failed
    # with AttributeError (env.py, which would have imported the ORM, is not run). A fresh
    # process: the test's own has the ORM loaded already.
    body = """
    with sa.orm.Session(bind=op.get_bind()) as session:
        count = session.execute(sa.text("SELECT count(*) FROM orders")).scalar()
    op.execute(f"UPDATE orders SET note = 'seen {count}' WHERE id = 1")
    """
    project = write_project(tmp_path / "app", [revision_source("0002_orm", BASE_ID, body)])
    done = _cli(str(project.root), "--backend", "embedded", "--rows", "100", "--format", "json")
    _no_traceback(done)
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    assert "seen 100" in done.stdout


def test_locks_after_a_rename_in_the_same_transaction_bear_the_new_name(tmp_path: Path) -> None:
    # manila's 38e632621e5a renames volume_types to share_types, then changes its constraints:
    # the lock monitor, outside the transaction, still saw "volume_types", and the rehearsal
    # listed two mismatches ("lint predicted no lock") where lint was right.
    body = """
    op.rename_table("coupons", "vouchers")
    op.create_unique_constraint("uq_vouchers_code", "vouchers", ["code"])
    op.execute("UPDATE vouchers SET code = upper(code)")
    """
    report, run = _rehearse_one(tmp_path, "0002_rename", body, default_rows=200)
    assert not report.failed, [r.error for r in report.revisions]
    rename, unique, update = run.statements
    assert "AccessExclusiveLock" in _modes(rename, "coupons"), rename.locks
    assert {lock.table for lock in unique.locks} == {"vouchers"}, unique.locks
    assert {lock.table for lock in update.locks} <= {"vouchers"}, update.locks
    assert report.mismatches == [], report.mismatches


def test_dropping_a_column_with_a_foreign_key_locks_its_parent_as_lint_predicts(
    tmp_path: Path,
) -> None:
    # ckan's e8283ffb257e, 6d8ffebcaf54 and 37ada738328e: DROP COLUMN of a column with a foreign
    # key takes ACCESS EXCLUSIVE on the table it references too; lint predicted only the
    # table, and the rehearsal listed a mismatch for each.
    body = 'op.drop_column("orders", "user_id")'
    report, run = _rehearse_one(tmp_path, "0002_drop", body, default_rows=200)
    assert not report.failed, [r.error for r in report.revisions]
    [statement] = [st for st in run.statements if "DROP COLUMN" in st.sql]
    assert "AccessExclusiveLock" in _modes(statement, "users")
    assert report.mismatches == []


def test_a_planned_foreign_key_to_a_table_filled_by_an_earlier_revision(tmp_path: Path) -> None:
    # Revision by revision (no --from): coupons was filled before orders2 existed.
    create = (
        'op.create_table("orders2", sa.Column("id", sa.Integer(), primary_key=True), '
        'sa.Column("coupon_id", sa.Integer(), nullable=False))'
    )
    add = (
        'op.create_foreign_key("fk_o2_coupon", "orders2", "coupons", ["coupon_id"], ["id"], '
        "postgresql_not_valid=True)"
    )
    validate = 'op.execute("ALTER TABLE orders2 VALIDATE CONSTRAINT fk_o2_coupon")'
    write_project(
        tmp_path,
        {
            "0002_t": revision_source("0002_t", BASE_ID, create),
            "0003_fk": revision_source("0003_fk", "0002_t", add),
            "0004_v": revision_source("0004_v", "0003_fk", validate),
        },
    )
    report = rehearse(_options(tmp_path, default_rows=2_000)).report
    assert not report.failed, [(run.revision, run.error) for run in report.revisions]


_PARENT_AND_CHILD = """
op.create_table(
    "p",
    sa.Column("id", sa.Integer(), primary_key=True),
    sa.Column("ext", sa.String(40), nullable=True, unique=True),
)
op.create_table(
    "c",
    sa.Column("id", sa.Integer(), primary_key=True),
    sa.Column("p_ext", sa.String(40), nullable=True),
    sa.Column("p_id", sa.Integer(), nullable=True),
)
"""


@pytest.mark.parametrize(
    ("add", "validated"),
    [
        # A nullable UNIQUE parent column: no NULL keys in the parent, none drawn by the child.
        (
            'op.create_foreign_key("f1", "c", "p", ["p_ext"], ["ext"], postgresql_not_valid=True)',
            ["f1"],
        ),
        # Two keys in one statement, to two different columns of the parent.
        (
            'op.execute("ALTER TABLE c ADD CONSTRAINT f1 FOREIGN KEY (p_ext) REFERENCES p (ext) '
            'NOT VALID, ADD CONSTRAINT f2 FOREIGN KEY (p_id) REFERENCES p (id) NOT VALID")',
            ["f1", "f2"],
        ),
        # Unquoted upper case names fold to lower case, as PostgreSQL folds them.
        (
            'op.execute("ALTER TABLE C ADD CONSTRAINT f1 FOREIGN KEY (P_EXT) REFERENCES P (EXT) '
            'NOT VALID")',
            ["f1"],
        ),
    ],
    ids=["nullable-unique-parent", "two-in-one-statement", "upper-case"],
)
def test_planned_foreign_keys_are_read_as_postgresql_reads_them(
    tmp_path: Path, add: str, validated: list[str]
) -> None:
    validate = "\n".join(
        f'op.execute("ALTER TABLE c VALIDATE CONSTRAINT {name}")' for name in validated
    )
    write_project(
        tmp_path,
        {
            "b0": revision_source("b0", None, _PARENT_AND_CHILD),
            "b1": revision_source("b1", "b0", add),
            "b2": revision_source("b2", "b1", validate),
        },
        with_base=False,
    )
    report = rehearse(_options(tmp_path, default_rows=2_000, from_revision="b0")).report
    assert not report.failed, [(run.revision, run.error) for run in report.revisions]
    assert not report.seed.warnings, report.seed.warnings


def test_an_application_module_lint_imported_with_stand_ins_is_imported_again_for_real(
    tmp_path: Path,
) -> None:
    # myapp is in the project (importable), but what it imports is not installed: lint stands
    # that in and keeps going; the rehearsal must not reuse lint's half-real myapp.
    write_project(
        tmp_path,
        {
            "0002_uses_app": revision_source(
                "0002_uses_app",
                BASE_ID,
                "op.execute(f\"UPDATE users SET name = '{DEFAULT_NAME}'\")",
                imports="from myapp import DEFAULT_NAME",
            )
        },
    )
    (tmp_path / "myapp").mkdir()
    (tmp_path / "myapp" / "__init__.py").write_text(
        "from not_installed_settings import DEFAULT_NAME\n", encoding="utf-8"
    )
    report = rehearse(_options(tmp_path, default_rows=100)).report
    run = report.revisions[-1]
    assert run.revision == "0002_uses_app"
    assert run.error is not None and "not_installed_settings" in run.error, run.error
    assert "run migcheck where the application is installed" in run.error


def test_one_of_parallel_histories_is_rehearsed_and_predicted_alone(tmp_path: Path) -> None:
    """prefect's versions/postgresql beside another dialect's (same revision ids): the folder is
    rehearsed, and lint predicts it, as a history of its own (no duplicate ids, no lock
    stronger than predicted)."""
    write_project(tmp_path, [], with_base=False)
    versions = tmp_path / "migrations" / "versions"
    for dialect, index_sql in (
        ("postgresql", 'op.create_index("ix_orders_note", "orders", ["note"])'),
        ("mysql", 'op.execute("SET foreign_key_checks = 1")'),  # read first, alphabetically
    ):
        (versions / dialect).mkdir()
        (versions / dialect / "0001_base.py").write_text(
            revision_source(
                "0001_base",
                None,
                'op.create_table("orders", sa.Column("id", sa.Integer, primary_key=True), '
                'sa.Column("note", sa.Text))',
            ),
            encoding="utf-8",
        )
        (versions / dialect / "0002_index.py").write_text(
            revision_source("0002_index", "0001_base", index_sql), encoding="utf-8"
        )
    report = rehearse(
        _options(versions / "postgresql", default_rows=2_000, from_revision="0001_base")
    ).report
    assert not report.failed, [run.error for run in report.revisions]
    [run] = report.revisions
    [statement] = run.statements
    assert "index-not-concurrent" in statement.predicted
    assert report.mismatches == []


def test_an_env_py_that_hands_the_run_to_the_application_is_said(tmp_path: Path) -> None:
    delegating = (
        "from alembic import context\n"
        "from shop.storage import run_migrations\n\n"
        "run_migrations(context)\n"
    )
    body = 'op.add_column("orders", sa.Column("flag", sa.Boolean(), nullable=True))'
    revision = revision_source("0002_flag", BASE_ID, body)
    project = write_project(tmp_path / "app", [revision], env=delegating).root
    report = rehearse(_options(project, default_rows=100, from_revision=BASE_ID)).report
    assert not report.failed, [run.error for run in report.revisions]
    assert any("does not call context.configure()" in w for w in report.warnings)


def test_labelled_branches_are_rehearsed_together(tmp_path: Path) -> None:
    """Two heads on purpose (neutron's expand and contract): rehearsed as `alembic upgrade
    heads` applies them, both branches, where unlabelled heads are refused."""
    expand = revision_source(
        "0002_expand", BASE_ID, 'op.add_column("orders", sa.Column("flag", sa.Boolean()))'
    ).replace("branch_labels = None", 'branch_labels = ("expand",)')
    contract = revision_source(
        "0002_contract", BASE_ID, 'op.drop_column("users", "legacy_flag")'
    ).replace("branch_labels = None", 'branch_labels = ("contract",)')
    project = write_project(tmp_path / "app", [expand, contract]).root
    report = rehearse(_options(project, default_rows=100, from_revision=BASE_ID)).report
    assert not report.failed, [run.error for run in report.revisions]
    assert sorted(run.revision for run in report.revisions) == ["0002_contract", "0002_expand"]


def test_a_missing_table_failure_says_the_usual_cause() -> None:
    from migcheck.rehearse.runner import _explained

    missing = 'PostgreSQL error 42P01: relation "jobpost" does not exist'
    assert _explained(missing).startswith(missing)
    assert "create_all()" in _explained(missing)
    other = "PostgreSQL error 23502: column x contains null values"
    assert _explained(other) == other
