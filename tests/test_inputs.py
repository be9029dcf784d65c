"""Bad and unusual inputs: each gives one clear line or finding, never a traceback, and every
other revision is still linted. Exit codes and stderr come from a real process
(``python -m migcheck``); the rest goes through the API.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import textwrap
from pathlib import Path
from typing import Any

import pytest
from helpers import (
    BASE_ID,
    INI,
    describe,
    env_py,
    keys,
    line_of,
    lint_paths,
    revision,
    run_cli,
    write_project,
)

from migcheck.config import MigcheckConfig
from migcheck.model import Finding, Severity
from migcheck.project import find_project

# A revision whose unsafe index proves that it was rendered and linted.
UNSAFE_INDEX = 'op.create_index("ix_orders_status", "orders", ["status"])'


def rev(rev_id: str, body: str, down: str | tuple[str, ...] | None = BASE_ID, **kw: str) -> str:
    return revision(rev_id, down, body, **kw)


def by_rule(findings: list[Finding], rule: str) -> list[Finding]:
    return [f for f in findings if f.rule == rule]


def assert_clean_failure(run_stderr: str) -> None:
    assert "Traceback" not in run_stderr
    lines = [line for line in run_stderr.splitlines() if line.strip()]
    assert len(lines) == 1, run_stderr


# --------------------------------------------------------------------------- broken revisions


def test_revision_with_a_syntax_error(tmp_path: Path) -> None:
    project = write_project(
        tmp_path,
        {
            "0002_broken": rev("0002_broken", "op.add_column('orders', sa.Column('x', sa.Text())")
            + "\n",
            "0003_ok": rev("0003_ok", UNSAFE_INDEX, down="0002_broken"),
        },
    )
    result = lint_paths([tmp_path])
    failed = by_rule(result.findings, "render-failed")
    assert len(failed) == 1, describe(result.findings)
    assert failed[0].file == project.file("0002_broken")
    assert "syntax error" in failed[0].message
    assert failed[0].line is not None and failed[0].line > 1
    # The revision after it is still linted (its parent is unreadable, so it is reported too).
    assert by_rule(result.findings, "index-not-concurrent")
    run = run_cli("lint", str(tmp_path), "--offline-only", "--no-cache")
    assert run.code == 1
    assert "Traceback" not in run.stderr + run.stdout


def test_revision_raising_at_upgrade_is_checked_up_to_the_failure(tmp_path: Path) -> None:
    project = write_project(
        tmp_path,
        [
            rev(
                "0002_bug",
                f"""
                {UNSAFE_INDEX}
                op.add_column("orders", sa.Column("channel", sa.String(16)))
                channel_default = DEFAULTS["channel"]
                """,
            ),
            rev("0003_next", 'op.drop_column("users", "legacy_flag")', down="0002_bug"),
        ],
    )
    result = lint_paths([tmp_path])
    failed = by_rule(result.findings, "render-failed")
    assert len(failed) == 1
    assert "0002_bug" in failed[0].message
    assert "NameError" in failed[0].message
    source = project.file("0002_bug").read_text().splitlines()
    assert source[(failed[0].line or 0) - 1].strip().startswith("channel_default =")
    assert by_rule(result.findings, "index-not-concurrent")  # before the failure
    assert by_rule(result.findings, "drop-column")  # the next revision


def test_missing_package_gets_a_stand_in(tmp_path: Path) -> None:
    write_project(
        tmp_path,
        [
            rev(
                "0002_money",
                f"""
                op.add_column("orders", sa.Column("price", Money(12, 2), nullable=True))
                {UNSAFE_INDEX}
                """,
                imports="from sqlalchemy_money_types_not_installed import Money",
            )
        ],
    )
    result = lint_paths([tmp_path])
    approximate = by_rule(result.findings, "render-approximate")
    assert len(approximate) == 1, describe(result.findings)
    assert approximate[0].severity is Severity.INFO
    assert "sqlalchemy_money_types_not_installed" in approximate[0].message
    assert approximate[0].revision == "0002_money"
    assert not by_rule(result.findings, "render-failed")
    assert by_rule(result.findings, "index-not-concurrent")


def test_app_module_that_raises_at_import(tmp_path: Path) -> None:
    write_project(
        tmp_path,
        [
            rev(
                "0002_status",
                f"""
                op.add_column(
                    "orders",
                    sa.Column("fulfilment", sa.Enum(*FulfilmentStatus.values(), name="fulfilment")),
                )
                {UNSAFE_INDEX}
                """,
                imports="from shopapp.enums import FulfilmentStatus",
            )
        ],
    )
    package = tmp_path / "shopapp"
    package.mkdir()
    (package / "__init__.py").write_text("", encoding="utf-8")
    (package / "settings.py").write_text(
        "import os\nDATABASE_URL = os.environ['SHOPAPP_DATABASE_URL']\n", encoding="utf-8"
    )
    (package / "enums.py").write_text(
        "from shopapp.settings import DATABASE_URL\n\nclass FulfilmentStatus: ...\n",
        encoding="utf-8",
    )
    result = lint_paths([tmp_path])
    approximate = by_rule(result.findings, "render-approximate")
    assert len(approximate) == 1, describe(result.findings)
    assert "shopapp" in approximate[0].message
    assert not by_rule(result.findings, "render-failed"), describe(result.findings)
    assert by_rule(result.findings, "index-not-concurrent")


@pytest.mark.parametrize(
    ("body", "cause"),
    [
        (
            """
            bind = op.get_bind()
            if "legacy_flag" in [c["name"] for c in sa.inspect(bind).get_columns("users")]:
                op.drop_column("users", "legacy_flag")
            """,
            "inspect",
        ),
        (
            """
            conn = op.get_bind()
            rows = conn.execute(sa.text("SELECT id, name FROM users WHERE name IS NULL")).fetchall()
            for row in rows:
                conn.execute(sa.text(f"UPDATE users SET name = 'user{row.id}' WHERE id = {row.id}"))
            """,
            "reads the database",
        ),
    ],
    ids=["sa-inspect", "fetchall-loop"],
)
def test_get_bind_data_migration_offline_only(tmp_path: Path, body: str, cause: str) -> None:
    project = write_project(
        tmp_path,
        [
            rev("0002_data", body),
            rev("0003_next", UNSAFE_INDEX, down="0002_data"),
        ],
    )
    result = lint_paths([tmp_path], offline_only=True)
    failed = by_rule(result.findings, "render-failed")
    assert len(failed) == 1, describe(result.findings)
    finding = failed[0]
    assert finding.revision == "0002_data"
    assert "0002_data" in finding.message
    assert cause in finding.message
    line = project.file("0002_data").read_text().splitlines()[(finding.line or 0) - 1]
    assert "get_bind" in line or "inspect" in line or "execute" in line
    assert by_rule(result.findings, "index-not-concurrent")
    run = run_cli("lint", str(tmp_path), "--offline-only", "--no-cache", "--format", "github")
    assert run.code == 1
    assert "Traceback" not in run.stderr
    assert any("render-failed" in line and "0002_data" in line for line in run.stdout.splitlines())


def test_enum_created_through_get_bind_renders_offline(tmp_path: Path) -> None:
    """``ENUM(...).create(op.get_bind())`` emits CREATE TYPE, as ``alembic upgrade --sql`` does;
    it needs no database (checkfirst has nothing to check against offline)."""
    project = write_project(
        tmp_path,
        [
            rev(
                "0002_status",
                f"""
                status = postgresql.ENUM("new", "paid", name="payment_status")
                status.create(op.get_bind(), checkfirst=True)
                op.add_column("payments", sa.Column("status", status, nullable=True))
                {UNSAFE_INDEX}
                """,
            )
        ],
    )
    result = lint_paths([tmp_path], offline_only=True)
    assert not by_rule(result.findings, "render-failed"), describe(result.findings)
    statements = [(a.statement.line, a.statement.sql) for a in result.analyzed]
    line = line_of(project.file("0002_status"), "status.create")
    assert (line, "CREATE TYPE payment_status AS ENUM ('new', 'paid')") in statements
    assert by_rule(result.findings, "index-not-concurrent")


# --------------------------------------------------------------------------- broken histories


def test_cycle(tmp_path: Path) -> None:
    write_project(
        tmp_path,
        [
            rev("0002_a", UNSAFE_INDEX, down="0003_b"),
            rev("0003_b", 'op.drop_column("users", "legacy_flag")', down="0002_a"),
        ],
    )
    result = lint_paths([tmp_path])
    broken = by_rule(result.findings, "broken-history")
    assert len(broken) == 1, describe(result.findings)
    assert "cycle" in broken[0].message
    assert "0002_a" in broken[0].message and "0003_b" in broken[0].message
    # Revisions caught in the cycle are still linted.
    assert by_rule(result.findings, "index-not-concurrent")
    assert by_rule(result.findings, "drop-column")
    run = run_cli("lint", str(tmp_path), "--offline-only", "--no-cache")
    assert run.code == 1
    assert "Traceback" not in run.stderr + run.stdout


def test_missing_parent(tmp_path: Path) -> None:
    project = write_project(tmp_path, [rev("0002_orphan", UNSAFE_INDEX, down="ffff_deleted")])
    result = lint_paths([tmp_path])
    broken = by_rule(result.findings, "broken-history")
    assert len(broken) == 1, describe(result.findings)
    assert "ffff_deleted" in broken[0].message
    assert broken[0].file == project.file("0002_orphan")
    # At the line that names the missing parent, not at the top of the file.
    assert broken[0].line == line_of(project.file("0002_orphan"), "down_revision =")
    # The orphan is linted; orders is unknown to it, so it is an existing table.
    assert by_rule(result.findings, "index-not-concurrent")


def test_two_heads(tmp_path: Path) -> None:
    write_project(
        tmp_path,
        [
            rev("0002_left", UNSAFE_INDEX),
            rev("0003_right", 'op.drop_column("users", "legacy_flag")'),
        ],
    )
    result = lint_paths([tmp_path])
    heads = by_rule(result.findings, "multiple-heads")
    assert len(heads) == 1, describe(result.findings)
    assert heads[0].severity is Severity.ERROR
    assert "0002_left" in heads[0].message and "0003_right" in heads[0].message
    assert "alembic merge" in heads[0].message
    head = tmp_path / "migrations" / "versions" / "0003_right.py"
    assert heads[0].line == line_of(head, "down_revision =") > 1
    assert by_rule(result.findings, "index-not-concurrent")
    assert by_rule(result.findings, "drop-column")


def test_merge_revision_is_one_head(tmp_path: Path) -> None:
    write_project(
        tmp_path,
        [
            rev("0002_left", 'op.create_table("a", sa.Column("id", sa.Integer()))'),
            rev("0003_right", 'op.create_table("b", sa.Column("id", sa.Integer()))'),
            rev("0004_merge", "pass", down=("0002_left", "0003_right")),
            rev("0005_after", 'op.create_index("ix_a_id", "a", ["id"])', down="0004_merge"),
        ],
    )
    result = lint_paths([tmp_path])
    assert not by_rule(result.findings, "multiple-heads")
    assert not by_rule(result.findings, "broken-history")
    after = tmp_path / "migrations" / "versions" / "0005_after.py"
    assert keys(result.findings) == {
        ("0005_after.py", line_of(after, "op.create_index"), "index-not-concurrent")
    }
    assert len(result.units) == 5


# --------------------------------------------------------------------------- paths and options


def test_empty_directory_exits_2_with_one_line(tmp_path: Path) -> None:
    empty = tmp_path / "nothing_here"
    empty.mkdir()
    run = run_cli("lint", str(empty))
    assert run.code == 2
    assert_clean_failure(run.stderr)
    assert "nothing_here" in run.stderr


def test_nonexistent_path_exits_2(tmp_path: Path) -> None:
    run = run_cli("lint", str(tmp_path / "does_not_exist"))
    assert run.code == 2
    assert_clean_failure(run.stderr)
    assert "does_not_exist" in run.stderr


def test_empty_versions_folder_is_clean(tmp_path: Path) -> None:
    write_project(tmp_path, [], with_base=False)
    run = run_cli("lint", str(tmp_path), "--no-cache")
    assert run.code == 0, run.stdout + run.stderr
    assert "Traceback" not in run.stderr


def test_a_versions_folder_without_env_py_is_a_project(tmp_path: Path) -> None:
    """Revisions copied without env.py: the versions folder, or a file in it, is enough."""
    project = write_project(tmp_path, [rev("0002_shop", UNSAFE_INDEX)])
    (project.root / "migrations" / "env.py").unlink()
    (project.root / "alembic.ini").unlink()
    for target in (project.versions, project.file("0002_shop")):
        result = lint_paths([target])
        assert ("0002_shop.py", 18, "index-not-concurrent") in keys(result.findings), target


def test_non_postgresql_statements(tmp_path: Path) -> None:
    sql = tmp_path / "mysql.sql"
    sql.write_text(
        "ALTER TABLE orders MODIFY COLUMN note VARCHAR(255);\n"
        "CREATE TABLE `events` (`id` INT AUTO_INCREMENT PRIMARY KEY) ENGINE=InnoDB;\n"
        "SET lock_timeout = '2s';\n"
        "CREATE INDEX ix_orders_status ON orders (status);\n",
        encoding="utf-8",
    )
    result = lint_paths([sql])
    rejected = by_rule(result.findings, "not-postgresql")
    assert [f.line for f in rejected] == [1, 2]
    assert all(f.severity is Severity.ERROR for f in rejected)
    assert "MySQL" in rejected[0].message
    assert not by_rule(result.findings, "unparsed-statement")  # reported once, as the error
    assert keys(result.findings) == {
        ("mysql.sql", 1, "not-postgresql"),
        ("mysql.sql", 2, "not-postgresql"),
        ("mysql.sql", 4, "index-not-concurrent"),
    }
    run = run_cli("lint", str(sql), "--format", "json")
    assert run.code == 1
    assert "Traceback" not in run.stderr
    # With the rule off, such statements are still shown: as ones migcheck did not check.
    quiet = lint_paths([sql], config=MigcheckConfig(ignore=["not-postgresql"]))
    assert [f.line for f in by_rule(quiet.findings, "unparsed-statement")] == [1, 2]


def test_two_section_ini_with_name(tmp_path: Path) -> None:
    write_project(tmp_path, [rev("0002_shop", UNSAFE_INDEX)])
    billing = tmp_path / "billing_migrations"
    (billing / "versions").mkdir(parents=True)
    (billing / "env.py").write_text(env_py(), encoding="utf-8")
    (billing / "versions" / "b001_ledger.py").write_text(
        revision(
            "b001_ledger",
            None,
            """
            op.create_table("ledger", sa.Column("id", sa.Integer(), primary_key=True))
            op.execute("TRUNCATE legacy_ledger")
            """,
        ),
        encoding="utf-8",
    )
    (tmp_path / "alembic.ini").write_text(
        INI + "\n[billing]\nscript_location = %(here)s/billing_migrations\n", encoding="utf-8"
    )
    shop = lint_paths([tmp_path])
    assert {f.rule for f in shop.findings} == {"index-not-concurrent"}
    billing_result = lint_paths([tmp_path], section="billing")
    ledger = billing / "versions" / "b001_ledger.py"
    assert keys(billing_result.findings) == {
        ("b001_ledger.py", line_of(ledger, "TRUNCATE"), "truncate")
    }
    run = run_cli("lint", str(tmp_path), "-n", "billing", "--no-cache", "--format", "json")
    assert run.code == 1
    assert "b001_ledger.py" in run.stdout and "0002_shop" not in run.stdout
    missing = run_cli("lint", str(tmp_path), "-n", "reports", "--no-cache")
    assert missing.code == 2
    assert_clean_failure(missing.stderr)
    assert "[reports]" in missing.stderr


def test_script_location_relative_to_the_directory_alembic_runs_in(tmp_path: Path) -> None:
    """mlflow keeps alembic.ini inside mlflow/store/db_migrations and runs Alembic from its
    root: the ini says ``script_location = mlflow/store/db_migrations``, a path from there."""
    migrations = tmp_path / "mlflow" / "store" / "db_migrations"
    (migrations / "versions").mkdir(parents=True)
    (migrations / "env.py").write_text(env_py(), encoding="utf-8")
    (migrations / "versions" / "0001_runs.py").write_text(
        revision("0001_runs", None, 'op.execute("TRUNCATE runs")'), encoding="utf-8"
    )
    (migrations / "alembic.ini").write_text(
        '[alembic]\nscript_location = mlflow/store/db_migrations\nsqlalchemy.url = ""\n',
        encoding="utf-8",
    )
    result = lint_paths([migrations])
    assert {f.rule for f in result.findings} == {"truncate"}
    # A path that exists nowhere is still an error naming the ini.
    (migrations / "alembic.ini").write_text(
        "[alembic]\nscript_location = nowhere/db_migrations\n", encoding="utf-8"
    )
    run = run_cli("lint", str(migrations), "--no-cache")
    assert run.code == 2
    assert_clean_failure(run.stderr)
    assert "alembic.ini: script_location" in run.stderr and "is not a directory" in run.stderr


def test_parallel_histories_one_folder_per_dialect(tmp_path: Path) -> None:
    """prefect keeps versions/postgresql and versions/sqlite (the same revision ids in both)
    and picks one in code. The folder, or a file in it, is that history alone."""
    write_project(tmp_path, [], with_base=False)
    versions = tmp_path / "migrations" / "versions"
    for dialect, sql in (("postgresql", "TRUNCATE orders"), ("sqlite", "PRAGMA foreign_keys=ON")):
        (versions / dialect).mkdir()
        (versions / dialect / "0001_base.py").write_text(
            revision("0001_base", None, 'op.create_table("orders", sa.Column("id", sa.Integer))'),
            encoding="utf-8",
        )
        (versions / dialect / "0002_next.py").write_text(
            revision("0002_next", "0001_base", f'op.execute("{sql}")'), encoding="utf-8"
        )
    assert "broken-history" in {f.rule for f in lint_paths([tmp_path]).findings}
    assert {f.rule for f in lint_paths([versions / "postgresql"]).findings} == {"truncate"}
    one_file = lint_paths([versions / "postgresql" / "0002_next.py"])
    assert {f.rule for f in one_file.findings} == {"truncate"}
    assert {f.rule for f in lint_paths([versions / "sqlite"]).findings} == {"not-postgresql"}


@pytest.mark.parametrize("recursive", [False, True])
def test_folders_inside_the_versions_only_with_recursive_version_locations(
    tmp_path: Path, recursive: bool
) -> None:
    """zou keeps its pre-squash history in versions/legacy, which Alembic does not read (no
    recursive_version_locations in its alembic.ini): read, it made a second head that
    `alembic upgrade head` does not have. With the setting, the folder is part of the history;
    a file in it named on the command line is linted either way. A folder whose revisions
    continue the history (neutron names versions/2024.1/expand, ... in code) is read anyway."""
    ini = INI.replace(
        "prepend_sys_path = .\n",
        "prepend_sys_path = .\n" + ("recursive_version_locations = true\n" if recursive else ""),
    )
    write_project(tmp_path, [rev("0002_new", 'op.execute("TRUNCATE orders")')], ini=ini)
    legacy = tmp_path / "migrations" / "versions" / "legacy"
    legacy.mkdir()
    (legacy / "9001_old.py").write_text(
        revision("9001_old", None, 'op.drop_column("orders", "note")'), encoding="utf-8"
    )
    release = tmp_path / "migrations" / "versions" / "2024.1"
    release.mkdir()
    (release / "0003_next.py").write_text(
        revision("0003_next", "0002_new", 'op.drop_column("orders", "status")'), encoding="utf-8"
    )
    project = find_project(tmp_path)
    assert ("9001_old" in project.history.revisions) is recursive
    assert "0003_next" in project.history.revisions
    rules = {(f.revision, f.rule) for f in lint_paths([tmp_path]).findings}
    assert ("0002_new", "truncate") in rules
    assert (("9001_old", "drop-column") in rules) is recursive
    named = lint_paths([legacy / "9001_old.py"])
    assert ("9001_old", "drop-column") in {(f.revision, f.rule) for f in named.findings}
    continuing = lint_paths([release / "0003_next.py"])
    assert [u.revision.id for u in continuing.units if u.revision] == ["0003_next"]
    [lint_project] = continuing.projects
    assert sorted(lint_project.history.heads) == (
        ["0003_next", "9001_old"] if recursive else ["0003_next"]
    )


def test_a_repository_root_with_its_migrations_folder_below(tmp_path: Path) -> None:
    """Flask-Migrate keeps alembic.ini inside migrations/, beside the application: linting the
    repository's root (where `flask db` runs) finds it there, an env.py of the application's
    own that is no migrations folder aside; two projects below are named, not guessed."""
    write_project(tmp_path, [rev("0002_t", 'op.execute("TRUNCATE orders")')])
    (tmp_path / "alembic.ini").unlink()
    (tmp_path / "migrations" / "alembic.ini").write_text("[alembic]\n", encoding="utf-8")
    (tmp_path / "app" / "config").mkdir(parents=True)
    (tmp_path / "app" / "config" / "env.py").write_text("DEBUG = False\n", encoding="utf-8")
    (tmp_path / "scripts").mkdir()  # .sql files beside it are not migrations: not linted
    (tmp_path / "scripts" / "reset.sql").write_text("DROP TABLE orders;\n", encoding="utf-8")
    findings = lint_paths([tmp_path]).findings
    rules = {(f.revision, f.rule) for f in findings}
    assert ("0002_t", "truncate") in rules
    assert not [f for f in findings if f.file is not None and f.file.suffix == ".sql"]
    write_project(tmp_path / "services" / "billing", [rev("0002_b", 'op.execute("SELECT 1")')])
    run = run_cli("lint", str(tmp_path), "--no-cache")
    assert run.code == 2
    assert_clean_failure(run.stderr)
    assert "several Alembic projects below (migrations, services/billing): pass one" in run.stderr


def test_a_folder_of_part_of_one_history(tmp_path: Path) -> None:
    """versions/2024 holds the newer revisions of the one history (recursive version
    locations): passing it lints those revisions, with the history before them as context."""
    write_project(tmp_path, [rev("0002_old", 'op.execute("TRUNCATE orders")')])
    newer = tmp_path / "migrations" / "versions" / "2024"
    newer.mkdir()
    (newer / "0003_new.py").write_text(
        revision("0003_new", "0002_old", 'op.drop_column("orders", "note")'), encoding="utf-8"
    )
    result = lint_paths([newer])
    assert {(f.revision, f.rule) for f in result.findings} == {("0003_new", "drop-column")}


def test_an_env_py_that_hands_the_run_to_the_application(tmp_path: Path) -> None:
    """dagster's env.py calls its own run_migrations_online() (which uses an AUTOCOMMIT
    connection) instead of context.configure(): a CONCURRENTLY outside autocommit_block() may
    well work there, so it is a warning, not an error."""
    delegating = (
        "from alembic import context\n"
        "from shop.storage import run_migrations_offline, run_migrations_online\n\n"
        "if context.is_offline_mode():\n"
        "    run_migrations_offline(context, context.config)\n"
        "else:\n"
        "    run_migrations_online(context, context.config)\n"
    )
    body = 'op.drop_index("ix_orders_note", "orders", postgresql_concurrently=True)'
    write_project(tmp_path, [rev("0002_drop", body)], env=delegating)
    [finding] = lint_paths([tmp_path]).findings
    assert (finding.rule, finding.severity) == ("non-transactional-statement", Severity.WARNING)
    assert "does not call context.configure()" in finding.message
    write_project(tmp_path, [rev("0002_drop", body)])  # Alembic's own env.py
    [finding] = lint_paths([tmp_path]).findings
    assert (finding.rule, finding.severity) == ("non-transactional-statement", Severity.ERROR)


def test_labelled_branches_are_heads_on_purpose(tmp_path: Path) -> None:
    """neutron: expand and contract branches, labelled where they fork (with a constant of its
    own package, ``branch_labels = (cli.EXPAND_BRANCH,)``, which is not a literal), applied
    with `alembic upgrade heads`. Two heads then are no error, and the revision with that
    label is a revision (its children used to lose their parent)."""
    write_project(
        tmp_path,
        {
            "0002_expand": revision(
                "0002_expand",
                BASE_ID,
                'op.add_column("orders", sa.Column("flag", sa.Boolean(), nullable=True))',
                imports="from shop.migration import cli",  # not importable here: a stand-in
            ).replace("branch_labels = None", "branch_labels = (cli.EXPAND_BRANCH,)"),
            "0003_expand_more": revision(
                "0003_expand_more", "0002_expand", 'op.execute("TRUNCATE orders")'
            ),
            "0002_contract": revision(
                "0002_contract", BASE_ID, 'op.drop_column("users", "legacy_flag")'
            ).replace("branch_labels = None", 'branch_labels = ("contract",)'),
        },
    )
    result = lint_paths([tmp_path])
    rules = {f.rule for f in result.findings if f.severity is not Severity.INFO}
    assert rules == {"truncate", "drop-column"}, result.findings
    # Unlabelled, the same two heads are an error.
    write_project(
        tmp_path,
        {"0002_other": revision("0002_other", BASE_ID, 'op.execute("SELECT 1")')},
    )
    assert "multiple-heads" in {f.rule for f in lint_paths([tmp_path]).findings}


def test_version_locations_here_and_prepend_sys_path(tmp_path: Path) -> None:
    """Two version folders, %(here)s paths, and the project's own code on prepend_sys_path."""
    write_project(tmp_path, [])
    extra = tmp_path / "extra_versions"
    extra.mkdir()
    (extra / "0002_extra.py").write_text(
        rev(
            "0002_extra",
            f"""
            {UNSAFE_INDEX}
            op.add_column("orders", sa.Column("price", Money(), nullable=True))
            """,
            imports="from shop_types import Money",
        ),
        encoding="utf-8",
    )
    lib = tmp_path / "lib"
    lib.mkdir()
    (lib / "shop_types.py").write_text(
        "import sqlalchemy as sa\n\n\ndef Money() -> sa.Numeric:\n    return sa.Numeric(12, 2)\n",
        encoding="utf-8",
    )
    ini = INI.replace(
        "prepend_sys_path = .",
        "prepend_sys_path = %(here)s/lib\n"
        "version_locations = %(here)s/migrations/versions %(here)s/extra_versions",
    ).replace("version_path_separator = os\n", "version_path_separator = space\n")
    (tmp_path / "alembic.ini").write_text(ini, encoding="utf-8")
    result = lint_paths([tmp_path])
    line = line_of(extra / "0002_extra.py", "op.create_index")
    assert keys(result.findings) == {("0002_extra.py", line, "index-not-concurrent")}, describe(
        result.findings
    )
    assert not by_rule(result.findings, "render-approximate")  # the real import worked
    statements = [a.statement.sql for a in result.analyzed]
    assert "ALTER TABLE orders ADD COLUMN price NUMERIC(12, 2)" in statements


def test_revision_files_on_the_command_line_use_the_whole_history(tmp_path: Path) -> None:
    project = write_project(
        tmp_path,
        [
            rev("0002_first", 'op.drop_column("users", "legacy_flag")'),
            rev("0003_second", UNSAFE_INDEX, down="0002_first"),
        ],
    )
    result = lint_paths([project.file("0003_second")])
    # orders was created by the base revision: existing here, so the index is a hazard; the
    # other revisions only provide context and are not reported.
    line = line_of(project.file("0003_second"), "op.create_index")
    assert keys(result.findings) == {("0003_second.py", line, "index-not-concurrent")}
    assert [u.file for u in result.units] == [project.file("0003_second")]
    run = run_cli("lint", str(project.file("0003_second")), "--no-cache", "--format", "json")
    assert run.code == 1
    assert "0003_second.py" in run.stdout and "0002_first" not in run.stdout


def test_revision_file_creating_its_own_table_is_clean(tmp_path: Path) -> None:
    project = write_project(
        tmp_path,
        [
            rev(
                "0002_tags",
                """
                op.create_table("tags", sa.Column("id", sa.Integer()), sa.Column("name", sa.Text()))
                op.create_index("ix_tags_name", "tags", ["name"])
                """,
            )
        ],
    )
    result = lint_paths([project.file("0002_tags")])
    assert keys(result.findings) == set(), describe(result.findings)


@pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
def test_since_git_ref(tmp_path: Path) -> None:
    project = write_project(
        tmp_path,
        [
            rev("0002_old", 'op.add_column("orders", sa.Column("gift_note", sa.Text()))'),
            rev("0003_untouched", UNSAFE_INDEX, down="0002_old"),
        ],
    )

    def git(*args: str) -> None:
        subprocess.run(
            ["git", "-c", "user.name=t", "-c", "user.email=t@example.com", *args],
            cwd=tmp_path,
            check=True,
            capture_output=True,
        )

    git("init", "-q", "-b", "main")
    git("add", "-A")
    git("commit", "-q", "-m", "history")
    # Edit an applied revision and add a new one.
    old = project.file("0002_old")
    old.write_text(
        old.read_text().replace('sa.Column("gift_note", sa.Text())', 'sa.Column("gift", sa.Text())')
        + "\n",
        encoding="utf-8",
    )
    project.file("0004_new").write_text(
        rev("0004_new", 'op.drop_table("coupons")', down="0003_untouched"), encoding="utf-8"
    )
    result = lint_paths([tmp_path], since="HEAD")
    rules = {(f.file.name if f.file else "?", f.rule) for f in result.findings}
    assert ("0002_old.py", "edited-revision") in rules
    assert ("0004_new.py", "drop-table") in rules
    assert not any(name == "0003_untouched.py" for name, _ in rules), describe(result.findings)
    assert {u.file.name for u in result.units} == {"0002_old.py", "0004_new.py"}
    edited = by_rule(result.findings, "edited-revision")[0]
    assert edited.severity is Severity.ERROR
    run = run_cli("lint", str(tmp_path), "--since", "HEAD", "--no-cache")
    assert run.code == 1
    bad_ref = run_cli("lint", str(tmp_path), "--since", "no-such-ref", "--no-cache")
    assert bad_ref.code == 2
    assert_clean_failure(bad_ref.stderr)
    # A comment-only edit (the suppression migcheck itself recommends) changes no migration.
    git("add", "-A")
    git("commit", "-q", "-m", "edits")
    untouched = project.file("0003_untouched")
    untouched.write_text(
        untouched.read_text().replace(
            UNSAFE_INDEX, "# migcheck: ignore[index-not-concurrent] tiny table\n    " + UNSAFE_INDEX
        ),
        encoding="utf-8",
    )
    result = lint_paths([tmp_path], since="HEAD")
    assert not by_rule(result.findings, "edited-revision"), describe(result.findings)
    assert {u.file.name for u in result.units} == {"0003_untouched.py"}


def test_sql_directory_and_loose_files(tmp_path: Path) -> None:
    folder = tmp_path / "sql"
    folder.mkdir()
    (folder / "001_create.sql").write_text(
        "CREATE TABLE tags (id bigint PRIMARY KEY, name varchar(40));\n", encoding="utf-8"
    )
    (folder / "002_widen.sql").write_text(
        textwrap.dedent(
            """\
            SET lock_timeout = '2s';
            ALTER TABLE tags ALTER COLUMN name TYPE varchar(80);
            CREATE INDEX ix_tags_name ON tags (name);
            """
        ),
        encoding="utf-8",
    )
    result = lint_paths([folder])
    # tags was created by the earlier file: existing, but its type is known (binary coercible).
    assert keys(result.findings) == {("002_widen.sql", 3, "index-not-concurrent")}
    alone = lint_paths([folder / "002_widen.sql"])
    assert keys(alone.findings) == {
        ("002_widen.sql", 2, "column-type-rewrite"),
        ("002_widen.sql", 3, "index-not-concurrent"),
    }


def test_unreadable_pyproject_config_exits_2(tmp_path: Path) -> None:
    write_project(tmp_path, [rev("0002_x", UNSAFE_INDEX)])
    (tmp_path / "pyproject.toml").write_text("[tool.migcheck]\npg-version = 3\n", encoding="utf-8")
    run = run_cli("lint", str(tmp_path), "--no-cache")
    assert run.code == 2
    assert_clean_failure(run.stderr)
    assert "pg-version" in run.stderr or "pg_version" in run.stderr


@pytest.mark.parametrize(
    ("setting", "arguments", "expected"),
    [
        (
            'fail-on = "fatal"',
            [],
            "pyproject.toml: [tool.migcheck] fail-on: must be 'info', 'warning', 'error' or "
            "'never' (got 'fatal')",
        ),
        ('select = ["nope"]', [], "pyproject.toml: [tool.migcheck] select: unknown rule nope"),
        ("", ["--pg-version", "8"], "--pg-version: PostgreSQL 8 is not a version"),
        ("", ["--ignore", "nope"], "--ignore: unknown rule nope"),
    ],
    ids=["union-choices", "rule-in-file", "option", "rule-option"],
)
def test_configuration_errors_name_the_key_or_option_in_plain_words(
    tmp_path: Path, setting: str, arguments: list[str], expected: str
) -> None:
    write_project(tmp_path, [rev("0002_x", UNSAFE_INDEX)])
    (tmp_path / "pyproject.toml").write_text(f"[tool.migcheck]\n{setting}\n", encoding="utf-8")
    run = run_cli("lint", str(tmp_path), "--no-cache", *arguments)
    assert run.code == 2
    assert_clean_failure(run.stderr)
    assert expected in run.stderr
    assert "str-enum" not in run.stderr and "Value error" not in run.stderr


def test_lint_process_ends_with_its_report_whole(tmp_path: Path) -> None:
    """``migcheck lint`` ends its process without the interpreter's teardown: the report file,
    standard output and the exit code must still be complete."""
    write_project(tmp_path, [rev("0002_shop", UNSAFE_INDEX)])
    report = tmp_path / "report.json"
    run = run_cli("lint", str(tmp_path), "--no-cache", "--format", "json", "-o", str(report))
    assert run.code == 1, run.stderr
    findings = json.loads(report.read_text(encoding="utf-8"))["findings"]
    assert {f["rule"] for f in findings} >= {"index-not-concurrent"}
    run = run_cli("lint", str(tmp_path), "--format", "json")
    assert run.code == 1
    assert json.loads(run.stdout)["findings"] == findings


def test_settings_in_pyproject_beside_a_url_only_alembic_ini(tmp_path: Path) -> None:
    """`alembic init -t pyproject`: alembic.ini has an [alembic] section with only the URL;
    script_location lives in [tool.alembic] of pyproject.toml."""
    write_project(
        tmp_path,
        [rev("0002_shop", UNSAFE_INDEX)],
        ini="[alembic]\nsqlalchemy.url = postgresql://shop@localhost/shop\n",
    )
    (tmp_path / "pyproject.toml").write_text(
        '[tool.alembic]\nscript_location = "%(here)s/migrations"\n', encoding="utf-8"
    )
    result = lint_paths([tmp_path])
    assert (
        "0002_shop.py",
        line_of(tmp_path / "migrations/versions/0002_shop.py", "ix_orders"),
        "index-not-concurrent",
    ) in keys(result.findings)


def test_a_version_location_inside_another_lists_its_revisions_once(tmp_path: Path) -> None:
    ini = INI.replace(
        "version_path_separator = os",
        "version_path_separator = os\n"
        "version_locations = %(here)s/migrations/versions:%(here)s/migrations/versions/data",
    )
    project = write_project(tmp_path, [], ini=ini)
    (project.versions / "data").mkdir()
    (project.versions / "data" / "0002_backfill.py").write_text(
        rev("0002_backfill", "op.execute(\"UPDATE orders SET status = 'new' WHERE id < 10\")"),
        encoding="utf-8",
    )
    result = lint_paths([tmp_path])
    assert not by_rule(result.findings, "broken-history"), describe(result.findings)
    assert len(result.units) == 2


def test_a_self_referencing_foreign_key_locks_only_the_new_table(tmp_path: Path) -> None:
    write_project(
        tmp_path,
        [
            rev(
                "0002_categories",
                """
                op.create_table(
                    "categories",
                    sa.Column("id", sa.Integer(), primary_key=True),
                    sa.Column("parent_id", sa.Integer(), sa.ForeignKey("categories.id")),
                )
                """,
            )
        ],
        env=env_py(lock_timeout=False),
    )
    result = lint_paths([tmp_path])
    assert not by_rule(result.findings, "missing-lock-timeout"), describe(result.findings)


def _history_actions(tmp_path: Path, *files: str) -> list[Any]:
    """Lint a history of .sql files (``files`` in order) and return every action of it."""
    history = tmp_path / "history"
    history.mkdir()
    for number, sql in enumerate(files, start=1):
        (history / f"{number:03}.sql").write_text(sql, encoding="utf-8")
    result = lint_paths([history])
    return [a for analyzed in result.analyzed for a in analyzed.facts.actions]


def test_detaching_a_partition_locks_the_tables_its_foreign_keys_reference(
    tmp_path: Path,
) -> None:
    """Seen in a rehearsal: DETACH PARTITION takes SHARE ROW EXCLUSIVE on the tables the
    parent's foreign keys reference (the partition keeps its own copy of each key)."""
    from migcheck.analysis.facts import DetachPartition, LockMode
    from migcheck.analysis.locks import table_locks

    actions = _history_actions(
        tmp_path,
        "CREATE TABLE messages (id bigint, channel_id bigint REFERENCES channels (id),"
        " sent_at timestamptz) PARTITION BY RANGE (sent_at);\n",
        "SET lock_timeout = '2s';\nALTER TABLE messages DETACH PARTITION messages_2024;\n",
    )
    detach = next(a for a in actions if isinstance(a, DetachPartition))
    locks = {(lock.table, lock.mode) for lock in table_locks(detach, 15)}
    assert ("channels", LockMode.SHARE_ROW_EXCLUSIVE) in locks
    assert ("messages", LockMode.ACCESS_EXCLUSIVE) in locks


def test_dropping_a_table_and_commenting_lock_what_rehearsals_saw(tmp_path: Path) -> None:
    """pg_locks in rehearsals: DROP TABLE, and DROP CONSTRAINT of a foreign key, take ACCESS
    EXCLUSIVE on the referenced tables (their referential triggers go too); COMMENT ON COLUMN
    takes SHARE UPDATE EXCLUSIVE on the table."""
    from migcheck.analysis.facts import DropConstraint, DropTable, LockMode, TableLockOnly
    from migcheck.analysis.locks import table_locks

    actions = _history_actions(
        tmp_path,
        "CREATE TABLE api_keys (id bigint PRIMARY KEY, user_id bigint REFERENCES users (id));\n"
        "CREATE TABLE sessions (id bigint PRIMARY KEY, user_id bigint REFERENCES users (id));\n",
        "SET lock_timeout = '2s';\nCOMMENT ON COLUMN users.role IS 'per organisation';\n"
        "ALTER TABLE sessions DROP CONSTRAINT sessions_user_id_fkey;\nDROP TABLE api_keys;\n",
    )
    drop = next(a for a in actions if isinstance(a, DropTable))
    unkey = next(a for a in actions if isinstance(a, DropConstraint))
    assert ("users", LockMode.ACCESS_EXCLUSIVE) in {
        (lock.table, lock.mode) for lock in table_locks(unkey, 15)
    }
    comment = next(a for a in actions if isinstance(a, TableLockOnly))
    assert {(lock.table, lock.mode) for lock in table_locks(drop, 15)} == {
        ("api_keys", LockMode.ACCESS_EXCLUSIVE),
        ("users", LockMode.ACCESS_EXCLUSIVE),
    }
    assert [(lock.table, lock.mode) for lock in table_locks(comment, 15)] == [
        ("users", LockMode.SHARE_UPDATE_EXCLUSIVE)
    ]


def test_dropping_a_column_with_a_foreign_key_locks_the_referenced_table(tmp_path: Path) -> None:
    """ckan's e8283ffb257e drops package.revision_id: the rehearsal saw ACCESS EXCLUSIVE on
    revision too (the column's foreign key goes with it, and its triggers on revision), which
    lint did not predict. Another column of the table locks only the table."""
    from migcheck.analysis.facts import DropColumn, LockMode
    from migcheck.analysis.locks import table_locks

    actions = _history_actions(
        tmp_path,
        "CREATE TABLE api_keys (id bigint PRIMARY KEY, note text,\n"
        "    user_id bigint CONSTRAINT api_keys_owner REFERENCES users (id));\n",
        "ALTER TABLE api_keys DROP COLUMN user_id;\nALTER TABLE api_keys DROP COLUMN note;\n",
    )
    drops = [a for a in actions if isinstance(a, DropColumn)]
    assert [{(lk.table, lk.mode) for lk in table_locks(drop, 15)} for drop in drops] == [
        {("api_keys", LockMode.ACCESS_EXCLUSIVE), ("users", LockMode.ACCESS_EXCLUSIVE)},
        {("api_keys", LockMode.ACCESS_EXCLUSIVE)},
    ]


def test_a_key_on_a_column_the_revision_adds_to_an_unknown_table_is_checked(
    tmp_path: Path,
) -> None:
    """legacy_reports was never created by the history, so its indexes are unknown; but no
    index can predate a column this revision adds."""
    write_project(
        tmp_path,
        [
            rev(
                "0002_reports_user",
                """
                op.execute("SET lock_timeout = '2s'")
                op.add_column("legacy_reports", sa.Column("user_id", sa.Integer()))
                op.create_foreign_key(
                    "fk_reports_user", "legacy_reports", "users", ["user_id"], ["id"],
                    postgresql_not_valid=True,
                )
                op.add_column("legacy_notes", sa.Column("user_id", sa.Integer()))
                op.create_foreign_key(
                    "fk_notes_user", "legacy_notes", "users", ["user_id"], ["id"],
                    postgresql_not_valid=True,
                )
                op.create_index("ix_legacy_notes_user_id", "legacy_notes", ["user_id"])
                op.create_foreign_key(
                    "fk_tickets_user", "legacy_tickets", "users", ["user_id"], ["id"],
                    postgresql_not_valid=True,
                )
                """,
            )
        ],
    )
    result = lint_paths([tmp_path])
    unindexed = by_rule(result.findings, "foreign-key-without-index")
    assert [f.message.split(" ->")[0] for f in unindexed] == [
        "foreign key legacy_reports(user_id)"
    ], describe(result.findings)


def test_sql_files_are_split_as_psql_reads_them() -> None:
    """Rows after COPY/\\copy ... FROM stdin are data up to \\.; \\gexec ends a query; \\c is kept
    (a new session); BEGIN ATOMIC bodies keep their semicolons; a byte order mark is nothing."""
    from migcheck.sqlfile import split_sql

    text = (
        "\ufeffSET lock_timeout = '2s';\n"  # 1
        "COPY t (a, b) FROM stdin;\n"  # 2
        "1\tx; DROP TABLE t;\n"  # 3
        "\\.\n"  # 4
        "\\copy u from stdin\n"  # 5
        "2\ty\n"  # 6
        "\\.\n"  # 7
        "SELECT format('ANALYZE %I', 'v') \\gexec\n"  # 8
        "\\c other_db\n"  # 9
        "CREATE PROCEDURE p() LANGUAGE sql\n"  # 10
        "BEGIN ATOMIC\n"  # 11
        "  DELETE FROM w WHERE id = 1;\n"  # 12
        "  SELECT CASE WHEN true THEN 1 END;\n"  # 13
        "END;\n"  # 14
        "ALTER TABLE v ADD COLUMN c int;\n"  # 15
    )
    pieces = [(p.line, p.sql.split()[0]) for p in split_sql(text)]
    assert pieces == [
        (1, "SET"),
        (2, "COPY"),
        (8, "SELECT"),
        (9, "\\c"),
        (10, "CREATE"),
        (15, "ALTER"),
    ]


def test_help_imports_no_database_code() -> None:
    """`migcheck --help` (and `lint --help`) start without SQLAlchemy, Alembic or a driver."""
    import sys

    for args in (["--help"], ["lint", "--help"]):
        completed = subprocess.run(
            [sys.executable, "-X", "importtime", "-m", "migcheck", *args],
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )
        assert completed.returncode == 0, completed.stderr[-2000:]
        imported = {
            line.rsplit("|", 1)[-1].strip()
            for line in completed.stderr.splitlines()
            if line.startswith("import time:")
        }
        heavy = {m for m in imported if m.split(".")[0] in ("sqlalchemy", "alembic", "psycopg")}
        assert not heavy, f"migcheck {' '.join(args)} imported {sorted(heavy)[:5]}"


def test_a_revision_that_exits_does_not_end_the_lint(tmp_path: Path) -> None:
    """sys.exit() / os._exit() in upgrade(), or sys.exit() in an application module imported on
    the way (settings that refuse to load without a secret): each revision is still linted."""
    project = write_project(
        tmp_path,
        [
            rev("0002_exits", "import sys\n    sys.exit(3)"),
            rev("0003_hard_exit", "import os\n    os._exit(0)", down="0002_exits"),
            rev(
                "0004_settings",
                UNSAFE_INDEX,
                down="0003_hard_exit",
                imports="from shop.settings import SECRET  # noqa: F401",
            ),
            rev(
                "0005_after",
                UNSAFE_INDEX.replace("ix_orders_status", "ix_o2"),
                down="0004_settings",
            ),
        ],
    )
    (tmp_path / "shop").mkdir()
    (tmp_path / "shop" / "__init__.py").write_text("", encoding="utf-8")
    (tmp_path / "shop" / "settings.py").write_text(
        'import sys\nsys.exit("SHOP_SECRET is not set")\n', encoding="utf-8"
    )
    run = run_cli("lint", str(tmp_path), "--offline-only", "--no-cache", "--format", "json")
    assert run.code == 1, run.stderr
    findings = json.loads(run.stdout)["findings"]
    by_file = {(Path(f["file"]).name, f["rule"]) for f in findings}
    assert ("0002_exits.py", "render-failed") in by_file
    assert ("0003_hard_exit.py", "render-failed") in by_file
    assert ("0004_settings.py", "index-not-concurrent") in by_file
    assert ("0005_after.py", "index-not-concurrent") in by_file
    assert project.versions.is_dir()


def test_rehearse_refuses_a_broken_history_before_starting_a_server(tmp_path: Path) -> None:
    write_project(
        tmp_path,
        [rev("0002_a", UNSAFE_INDEX, down="0003_b"), rev("0003_b", UNSAFE_INDEX, down="0002_a")],
    )
    run = run_cli("rehearse", str(tmp_path), "--backend", "embedded", "--rows", "10")
    assert run.code == 2
    assert "cycle" in run.stderr
    assert_clean_failure(run.stderr)


def test_a_selection_that_leaves_no_rule_is_a_usage_error(tmp_path: Path) -> None:
    write_project(tmp_path, [rev("0002_shop", UNSAFE_INDEX)])
    for args in (["--select", ""], ["--select", "truncate", "--ignore", "truncate"]):
        run = run_cli("lint", str(tmp_path), "--no-cache", *args)
        assert run.code == 2, (args, run.stdout, run.stderr)
        assert "no rule enabled" in run.stderr


@pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
def _commit_everything(root: Path) -> None:
    """A git repository at ``root`` with one commit holding everything in it."""
    for args in (["init", "-q", "-b", "main"], ["add", "-A"], ["commit", "-q", "-m", "db"]):
        subprocess.run(
            ["git", "-c", "user.name=t", "-c", "user.email=t@example.com", *args],
            cwd=root,
            check=True,
            capture_output=True,
        )


def test_since_applies_to_sql_files_and_installed_packages_are_skipped(tmp_path: Path) -> None:
    folder = tmp_path / "db"
    folder.mkdir()
    (folder / "001_orders.sql").write_text(
        "CREATE TABLE orders (id bigint PRIMARY KEY, amount integer);\n", encoding="utf-8"
    )
    (folder / "002_index.sql").write_text(
        "SET lock_timeout = '2s';\nCREATE INDEX ix_users_email ON users (email);\n",
        encoding="utf-8",
    )
    venv = tmp_path / ".venv" / "lib" / "site-packages" / "ext"
    venv.mkdir(parents=True)
    (venv / "ext--1.0.sql").write_text("DROP TABLE users;\n", encoding="utf-8")
    _commit_everything(tmp_path)
    (folder / "003_amount.sql").write_text(
        "SET lock_timeout = '2s';\nALTER TABLE orders ALTER COLUMN amount TYPE bigint;\n",
        encoding="utf-8",
    )
    everything = lint_paths([tmp_path])
    assert {u.file.name for u in everything.units} == {
        "001_orders.sql",
        "002_index.sql",
        "003_amount.sql",
    }
    since = lint_paths([tmp_path], since="HEAD")
    assert {u.file.name for u in since.units} == {"003_amount.sql"}
    # The type is known from the unchanged 001 (folded as context): int -> bigint rewrites.
    assert keys(since.findings) == {("003_amount.sql", 2, "column-type-rewrite")}


def test_since_folds_each_unchanged_sql_file_in_a_session_of_its_own(tmp_path: Path) -> None:
    """A SET search_path in one folded file does not carry into the next (psql: a session
    per file): 003's invoices is public's, and billing.invoices keeps no index."""
    folder = tmp_path / "db"
    folder.mkdir()
    files = {
        "001_customers.sql": "CREATE TABLE customers (id int PRIMARY KEY);\n",
        "002_billing.sql": (
            "CREATE SCHEMA billing;\nSET search_path TO billing;\n"
            "CREATE TABLE invoices (id int PRIMARY KEY, customer_id int);\n"
        ),
        "003_public.sql": (
            "CREATE TABLE invoices (id int PRIMARY KEY, customer_id int);\n"
            "CREATE INDEX ix_invoices_customer_id ON invoices (customer_id);\n"
        ),
    }
    for name, text in files.items():
        (folder / name).write_text(text, encoding="utf-8")
    _commit_everything(tmp_path)
    (folder / "004_fk.sql").write_text(
        "SET lock_timeout = '2s';\nALTER TABLE billing.invoices ADD CONSTRAINT invoices_customer_fk "
        "FOREIGN KEY (customer_id) REFERENCES customers (id) NOT VALID;\n",
        encoding="utf-8",
    )
    expected = {("004_fk.sql", 2, "foreign-key-without-index")}
    assert keys(lint_paths([tmp_path]).findings) == expected
    assert keys(lint_paths([tmp_path], since="HEAD").findings) == expected


def test_offline_only_does_not_reuse_a_render_made_on_a_database(tmp_path: Path) -> None:
    project = tmp_path / "sample"
    shutil.copytree(Path(__file__).parent.parent / "sample_migrations", project)
    shutil.rmtree(project / ".migcheck_cache", ignore_errors=True)

    def run(*extra: str) -> dict[str, Any]:
        done = run_cli("lint", str(project), "--format", "json", *extra, timeout=300)
        assert done.code in (0, 1), done.stderr
        return json.loads(done.stdout)

    first = run()
    again = run()  # from the cache, still counted as rendered on a database
    offline = run("--offline-only")
    for report in (first, again):
        assert report["summary"]["rendered_with_database"] == 1
    failed = [f for f in offline["findings"] if f["rule"] == "render-failed"]
    assert failed, "--offline-only reported the database render from the cache"


def test_a_reserved_word_is_no_table_name_unquoted(tmp_path: Path) -> None:
    """Lenient parsing read "ALTER TABLE FROM WHERE" as a change to a table "from" (and
    warned about its lock); it is no valid PostgreSQL. Quoted, a reserved word is a name."""
    sql = tmp_path / "001_words.sql"
    sql.write_text(
        "SET lock_timeout = '2s';\nALTER TABLE FROM WHERE;\nALTER TABLE \"user\" ADD COLUMN x int;\n",
        encoding="utf-8",
    )
    result = lint_paths([sql])
    assert keys(result.findings, info=True) == {("001_words.sql", 2, "unparsed-statement")}
    [note] = by_rule(result.findings, "unparsed-statement")
    assert "FROM is a reserved word" in note.message


def test_a_folder_of_revisions_without_env_py_is_a_history_of_its_own(tmp_path: Path) -> None:
    """Invenio's modules keep their revisions in ``<package>/alembic/`` and run them with
    another package's env.py. The folder (or a file in it, as pre-commit passes) used to be
    refused ("not inside an Alembic project"); it is linted as a history of its own, and a
    parent outside it is noted, not an error. A rehearsal needs the whole history: refused."""
    package = tmp_path / "src" / "shop_accounts"
    folder = package / "alembic"
    folder.mkdir(parents=True)
    (package / "__init__.py").write_text("", encoding="utf-8")
    (folder / "0001_accounts.py").write_text(
        revision(
            "0001_accounts",
            "0000_core_outside",
            'op.create_table("accounts", sa.Column("id", sa.Integer(), primary_key=True))\n'
            'op.add_column("users", sa.Column("tier", sa.String(8), nullable=False))',
        ),
        encoding="utf-8",
    )
    (folder / "0002_index.py").write_text(
        revision(
            "0002_index", "0001_accounts", 'op.create_index("ix_users_tier", "users", ["tier"])'
        ),
        encoding="utf-8",
    )
    result = lint_paths([folder])
    found = {(f.revision, f.rule, f.severity.value) for f in result.findings}
    history = [f for f in result.findings if f.rule == "broken-history"]
    assert [(f.severity.value, f.file.name if f.file else None) for f in history] == [
        ("info", "0001_accounts.py")
    ], describe(result.findings)
    assert ("0001_accounts", "required-column-no-default", "error") in found
    assert ("0002_index", "index-not-concurrent", "warning") in found
    assert result.projects[0].root == (tmp_path / "src").resolve()  # where the package imports

    one_file = lint_paths([folder / "0002_index.py"])
    assert {(f.revision, f.rule) for f in one_file.findings} >= {
        ("0002_index", "index-not-concurrent")
    }

    refused = run_cli("rehearse", str(folder), "--backend", "embedded")
    assert refused.code == 2, refused.stderr
    assert "0000_core_outside" in refused.stderr and "fix the history first" in refused.stderr
