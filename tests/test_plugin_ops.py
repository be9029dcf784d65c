"""Enum operations of Alembic plugins (migcheck.plugin_ops), called by revisions whose env.py
loads the plugin: alembic-postgresql-enum (dstack) and alembic-autogenerate-enums (lemur)."""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers import BASE_ID, describe, lint_paths, revision, write_project

from migcheck.config import load_config
from migcheck.lint import LintResult
from migcheck.rehearse.runner import RehearseOptions, rehearse

ENUM_ID = "0002_status_enum"
ENUM_BODY = """
status = postgresql.ENUM("new", "paid", name="order_state")
status.create(op.get_bind())
op.add_column(
    "orders", sa.Column("state", status, nullable=False, server_default="new")
)
"""

# alembic-postgresql-enum, as its autogenerate writes it (dstack): the TableReference comes
# from the plugin, which is not installed here, so it is a stand-in.
POSTGRESQL_ENUM = """
op.sync_enum_values(
    "public",
    "order_state",
    ["new", "paid", "shipped"],
    [TableReference(table_schema="public", table_name="orders", column_name="state")],
    enum_values_to_rename=[],
)
"""
POSTGRESQL_ENUM_IMPORT = "from alembic_postgresql_enum import TableReference"

# alembic-autogenerate-enums (lemur): old values, new values.
AUTOGENERATE_ENUMS = """
op.sync_enum_values("public", "order_state", ["new", "paid"], ["new", "paid", "shipped"])
"""


def _lint(tmp_path: Path, body: str, imports: str = "") -> tuple[LintResult, list[str]]:
    project = write_project(
        tmp_path,
        [
            revision(ENUM_ID, BASE_ID, ENUM_BODY),
            revision("0003_sync", ENUM_ID, body, imports=imports),
        ],
    )
    result = lint_paths([project.root], offline_only=True)
    assert not [f for f in result.findings if f.rule == "render-failed"], describe(result.findings)
    sql = [a.statement.sql for a in result.analyzed if a.statement.revision == "0003_sync"]
    return result, sql


def test_postgresql_enum_replaces_the_type_and_rewrites_each_column(tmp_path: Path) -> None:
    """It was "op.sync_enum_values() is an operation of an Alembic plugin that is not installed
    here": nothing checked. The plugin converts every column to a new type, which rewrites the
    table under ACCESS EXCLUSIVE, even to add one value."""
    result, sql = _lint(tmp_path, POSTGRESQL_ENUM, POSTGRESQL_ENUM_IMPORT)
    assert sql == [
        "ALTER TYPE public.order_state RENAME TO order_state_old",
        "CREATE TYPE public.order_state AS ENUM ('new', 'paid', 'shipped')",
        "ALTER TABLE public.orders ALTER COLUMN state TYPE public.order_state "
        "USING state::text::public.order_state",
        "DROP TYPE public.order_state_old",
    ]
    rules = {f.rule for f in result.findings if f.revision == "0003_sync"}
    assert "column-type-rewrite" in rules, describe(result.findings)
    [rewrite] = [f for f in result.findings if f.rule == "column-type-rewrite"]
    assert rewrite.line == 19  # the op.sync_enum_values( call in the revision file
    assert "new type of the same name" in rewrite.message
    assert "ALTER TYPE ... ADD VALUE rewrites nothing" in rewrite.message


def test_postgresql_enum_with_tuples_renames_and_arrays(tmp_path: Path) -> None:
    body = """
    op.sync_enum_values(
        "public",
        "order_state",
        ["new", "settled"],
        [("orders", "state"), ("orders", "history", "ColumnType.ARRAY")],
        enum_values_to_rename=[("paid", "settled")],
    )
    """
    _, sql = _lint(tmp_path, body)
    assert sql[2] == (
        "ALTER TABLE public.orders ALTER COLUMN state TYPE public.order_state USING CASE "
        "WHEN state::text = 'paid' THEN 'settled'::public.order_state "
        "ELSE state::text::public.order_state END"
    )
    assert sql[3] == (
        "ALTER TABLE public.orders ALTER COLUMN history TYPE public.order_state[] "
        "USING array_replace(history::text[], 'paid', 'settled')::public.order_state[]"
    )


def test_autogenerate_enums_commits_then_adds_values(tmp_path: Path) -> None:
    """alembic-autogenerate-enums commits the migration's transaction before ADD VALUE: lint
    sees (and reports) that COMMIT as it would in the revision itself."""
    result, sql = _lint(tmp_path, AUTOGENERATE_ENUMS)
    assert sql == ["COMMIT", "ALTER TYPE public.order_state ADD VALUE 'shipped'"]
    assert any(f.revision == "0003_sync" and "COMMIT" in f.message for f in result.findings), (
        describe(result.findings)
    )


def test_add_enum_values_appends(tmp_path: Path) -> None:
    body = 'op.add_enum_values("public", "order_state", ["shipped", "refunded"])'
    _, sql = _lint(tmp_path, body)
    assert sql == [
        "ALTER TYPE public.order_state ADD VALUE IF NOT EXISTS 'shipped'",
        "ALTER TYPE public.order_state ADD VALUE IF NOT EXISTS 'refunded'",
    ]


@pytest.mark.postgres
def test_postgresql_enum_runs_on_a_seeded_database(tmp_path: Path) -> None:
    """Rehearsed on PostgreSQL (seeded orders): the statements run, the column's default (which
    would not cast on its own) is dropped and set again as the plugin does, and the table is
    rewritten under ACCESS EXCLUSIVE. (The columns as tuples: a rehearsal runs the revision's
    own imports, and the plugin is not installed here.)"""
    body = 'op.sync_enum_values("public", "order_state", ["new", "paid", "shipped"], '
    body += '[("orders", "state")])'
    project = write_project(
        tmp_path, [revision(ENUM_ID, BASE_ID, ENUM_BODY), revision("0003_sync", ENUM_ID, body)]
    )
    config, _ = load_config(project.root)
    options = RehearseOptions(
        path=project.root, config=config, backend="embedded", default_rows=2_000
    )
    options.from_revision = ENUM_ID
    report = rehearse(options).report
    [run] = [r for r in report.revisions if r.revision == "0003_sync"]
    assert run.error is None, run.error
    converted = [s for s in run.statements if "ALTER COLUMN state TYPE" in s.sql]
    assert converted and "orders" in converted[0].rewritten
    # Taken by the first ALTER TABLE of the table (DROP DEFAULT), held to the end.
    [drop_default, *_] = [s for s in run.statements if s.sql.startswith("ALTER TABLE")]
    assert "DROP DEFAULT" in drop_default.sql
    assert ("orders", "AccessExclusiveLock") in {(k.table, k.mode) for k in drop_default.locks}
    assert run.statements[-1].sql.endswith("SET DEFAULT 'new'::order_state")


def test_a_batch_operation_of_a_missing_plugin_leaves_the_rest_checked(tmp_path: Path) -> None:
    """fittrackee: ``batch_op.add_geospatial_column(...)`` (geoalchemy2's alembic helpers,
    not loaded) was an AttributeError that stopped the revision there. It is skipped and
    reported as ``op.<name>()`` of a missing plugin is; the batch's other operations render."""
    body = """
    with op.batch_alter_table("orders") as batch_op:
        batch_op.add_geospatial_column(sa.Column("route", sa.Text()))
        batch_op.add_column(sa.Column("distance", sa.Integer()))
    """
    project = write_project(tmp_path, [revision("0002_geo", BASE_ID, body)])
    result = lint_paths([project.root], offline_only=True)
    [failed] = [f for f in result.findings if f.rule == "render-failed"]
    assert "op.add_geospatial_column() is an operation of an Alembic plugin" in failed.message
    assert failed.line == 19
    sql = [a.statement.sql for a in result.analyzed if a.statement.revision == "0002_geo"]
    assert sql == ["ALTER TABLE orders ADD COLUMN distance INTEGER"]
