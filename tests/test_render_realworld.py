"""Patterns met in real public Alembic histories, each rebuilt as a small synthetic revision.

Measured on the histories of several public PostgreSQL projects (linted as CI would, without the
application installed), these are the ways revisions failed to render or made migcheck report
something wrong. Every test writes its own project in ``tmp_path``; none copies a third-party
file.
"""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from helpers import (
    BASE_ID,
    CREATE_TAGS,
    INI,
    describe,
    env_py,
    lint_paths,
    revision,
    run_cli,
    write_project,
    write_project_with_models,
)

from migcheck.lint import LintResult
from migcheck.model import Finding, Severity

UNSAFE_INDEX = 'op.create_index("ix_orders_status", "orders", ["status"])'


def rev(rev_id: str, body: str, down: str | None = BASE_ID, **kw: str) -> str:
    return revision(rev_id, down, body, **kw)


def by_rule(findings: list[Finding], rule: str) -> list[Finding]:
    return [f for f in findings if f.rule == rule]


def sql_of(result: LintResult, revision_id: str) -> list[str]:
    return [a.statement.sql for a in result.analyzed if a.statement.revision == revision_id]


# --------------------------------------------------------------------------- project layout


def test_flask_migrate_layout_ini_inside_migrations_without_script_location(
    tmp_path: Path,
) -> None:
    """Flask-Migrate keeps alembic.ini (logging only, no script_location) inside migrations/."""
    migrations = tmp_path / "migrations"
    (migrations / "versions").mkdir(parents=True)
    (migrations / "alembic.ini").write_text(
        "[alembic]\n# template used to generate migration files\n\n"
        "[loggers]\nkeys = root\n\n[handlers]\nkeys = console\n\n[formatters]\nkeys = generic\n\n"
        "[logger_root]\nlevel = WARN\nhandlers = console\n\n"
        "[handler_console]\nclass = StreamHandler\nargs = (sys.stderr,)\nformatter = generic\n\n"
        "[formatter_generic]\nformat = %(levelname)s %(message)s\n",
        encoding="utf-8",
    )
    (migrations / "env.py").write_text(
        "from flask import current_app\nfrom alembic import context\n", encoding="utf-8"
    )
    (migrations / "versions" / "0001_add.py").write_text(
        rev("0001_add", UNSAFE_INDEX, down=None), encoding="utf-8"
    )
    result = lint_paths([migrations])
    assert by_rule(result.findings, "index-not-concurrent"), describe(result.findings)
    project = result.projects[0]
    assert project.script_location == migrations.resolve()
    # The application lives beside migrations/ (where `flask db upgrade` runs): importable.
    assert tmp_path.resolve() in project.sys_paths


def test_the_script_location_named_by_an_ini_above_it(tmp_path: Path) -> None:
    """galaxy: migrations/alembic.ini names script_location alembic/ and two version folders,
    versions_gxy and versions_tsi. Passed alembic/ itself (env.py, no versions/), lint found no
    revisions and said "no findings"; the ini above names its revisions."""
    migrations = tmp_path / "migrations"
    script = migrations / "alembic"
    for folder in ("versions_gxy", "versions_tsi"):
        (script / folder).mkdir(parents=True)
    (script / "env.py").write_text(env_py(), encoding="utf-8")
    (migrations / "alembic.ini").write_text(
        INI.replace("script_location = %(here)s/migrations", "script_location = %(here)s/alembic")
        .replace("version_path_separator = os", "path_separator = ;")
        .replace(
            "prepend_sys_path = .",
            "prepend_sys_path = .\nversion_locations = "
            "%(here)s/alembic/versions_gxy;%(here)s/alembic/versions_tsi",
        ),
        encoding="utf-8",
    )
    (script / "versions_gxy" / "0001_add.py").write_text(
        rev("0001_add", UNSAFE_INDEX, down=None), encoding="utf-8"
    )
    (script / "versions_tsi" / "0101_tsi.py").write_text(
        rev("0101_tsi", "op.drop_table('legacy')", down="0001_add"), encoding="utf-8"
    )
    result = lint_paths([script])
    assert sorted(u.revision.id for u in result.units if u.revision) == ["0001_add", "0101_tsi"]


# --------------------------------------------------------------------------- stand-ins


def test_stand_ins_are_reported_only_for_the_revisions_that_use_them(tmp_path: Path) -> None:
    """An import that failed in one revision is stood in directly for the later ones; a later
    revision that never touches it must not be reported approximate."""
    write_project(
        tmp_path,
        [
            rev(
                "0002_price",
                'op.add_column("orders", sa.Column("price", Money(), nullable=True))',
                imports="from shop_types_not_installed import Money",
            ),
            rev("0003_plain", UNSAFE_INDEX, down="0002_price"),
        ],
    )
    result = lint_paths([tmp_path])
    approximate = by_rule(result.findings, "render-approximate")
    assert [f.revision for f in approximate] == ["0002_price"], describe(result.findings)
    assert "shop_types_not_installed" in approximate[0].message


def test_import_inside_upgrade_gets_a_stand_in(tmp_path: Path) -> None:
    """Revisions import the application inside ``upgrade()`` (to dodge import cycles); that
    import fails when upgrade runs, after statements were emitted: render again from the start."""
    write_project(
        tmp_path,
        [
            rev(
                "0002_late",
                f"""
                op.add_column("orders", sa.Column("channel", sa.String(20), nullable=True))
                from shopapp_not_installed.models import Order
                op.add_column("orders", sa.Column("kind", Order.KindType(), nullable=True))
                {UNSAFE_INDEX}
                """,
            )
        ],
    )
    result = lint_paths([tmp_path])
    assert not by_rule(result.findings, "render-failed"), describe(result.findings)
    statements = sql_of(result, "0002_late")
    assert len(statements) == 3, statements  # each once, not once per attempt
    approximate = by_rule(result.findings, "render-approximate")
    assert approximate and "shopapp_not_installed.models" in approximate[0].message


@pytest.mark.parametrize(
    ("imports", "column_type"),
    [
        ("", "sa.VariantRemovedIn2()"),
        ("from sqlalchemy import BinaryRemovedIn2", "BinaryRemovedIn2"),
    ],
    ids=["attribute", "from-import"],
)
def test_name_missing_from_installed_sqlalchemy_is_stood_in(
    tmp_path: Path, imports: str, column_type: str
) -> None:
    """Revisions written for SQLAlchemy 1.x use names 2.x removed (``sa.Variant``,
    ``from sqlalchemy import Binary``): stand in for that name only, never for the whole
    package."""
    write_project(
        tmp_path,
        [
            rev(
                "0002_blob",
                f"""
                op.add_column("orders", sa.Column("blob", {column_type}, nullable=True))
                {UNSAFE_INDEX}
                """,
                imports=imports,
            ),
            rev("0003_after", 'op.drop_column("orders", "note")', down="0002_blob"),
        ],
    )
    result = lint_paths([tmp_path])
    assert not by_rule(result.findings, "render-failed"), describe(result.findings)
    approximate = by_rule(result.findings, "render-approximate")
    assert [f.revision for f in approximate] == ["0002_blob"], describe(result.findings)
    assert "sqlalchemy." in approximate[0].message
    assert by_rule(result.findings, "index-not-concurrent")
    assert by_rule(result.findings, "drop-column")  # sqlalchemy itself still works afterwards
    import sqlalchemy

    assert not hasattr(sqlalchemy, "VariantRemovedIn2")  # the stand-in was removed


def test_stand_in_values_in_arithmetic_and_op_execute(tmp_path: Path) -> None:
    """Module and upgrade code computes with values from the application (``"<style>" +
    config.value``, ``if count <= keep``) and passes SQL built by an uninstalled package to
    ``op.execute``: none of it may stop the render."""
    write_project(
        tmp_path,
        [
            rev(
                "0002_app",
                f"""
                css = settings.THEME.css
                header = "<style>" + css + "</style>"
                if settings.RETRIES <= 3 and len(settings.NAMES) == 0:
                    op.execute(search_triggers_sql)
                with settings.session_scope():
                    pass
                {UNSAFE_INDEX}
                """,
                imports="from shopapp_missing import settings\n"
                "from searchable_missing import search_triggers_sql",
            )
        ],
    )
    result = lint_paths([tmp_path])
    assert not by_rule(result.findings, "render-failed"), describe(result.findings)
    assert sql_of(result, "0002_app") == ["CREATE INDEX ix_orders_status ON orders (status)"]
    approximate = by_rule(result.findings, "render-approximate")
    assert "searchable_missing" in approximate[0].message


def test_a_stand_in_used_as_a_file_path_is_the_null_device(tmp_path: Path) -> None:
    """Module-level logging to a file the application's config names (lemur does this): the
    file is the null device, and the revision still renders."""
    write_project(
        tmp_path,
        [
            rev(
                "0002_logged",
                f"""
                handler = logging.FileHandler(current_app.config.get("LOG_FILE", "a.log"))
                handler.close()
                {UNSAFE_INDEX}
                """,
                imports="import logging\nfrom flask_missing import current_app",
            )
        ],
    )
    result = lint_paths([tmp_path])
    assert not by_rule(result.findings, "render-failed"), describe(result.findings)
    assert sql_of(result, "0002_logged") == ["CREATE INDEX ix_orders_status ON orders (status)"]
    assert not (tmp_path / "a.log").exists()


def test_an_operation_of_a_plugin_not_installed_is_named_where_it_is_called(
    tmp_path: Path,
) -> None:
    """op.create_entity (alembic_utils) renders nothing without the plugin: a warning at its
    line says so, the rest of the revision is checked. (The enum plugins' sync_enum_values is
    emulated: tests/test_plugin_ops.py.)"""
    body = f"""
    op.create_entity(PGView(schema="public", signature="paid", definition="select 1"))
    {UNSAFE_INDEX}
    """
    write_project(
        tmp_path, [rev("0002_view", body, imports="from alembic_utils_missing import PGView")]
    )
    result = lint_paths([tmp_path])
    [failed] = by_rule(result.findings, "render-failed")
    assert failed.line == 19 and "op.create_entity()" in failed.message, describe(result.findings)
    assert sql_of(result, "0002_view") == ["CREATE INDEX ix_orders_status ON orders (status)"]


def test_orm_query_on_an_application_model_is_answered_with_no_rows(tmp_path: Path) -> None:
    write_project(
        tmp_path,
        [
            rev(
                "0002_orm",
                """
                op.add_column("users", sa.Column("slug", sa.Text()))
                session = sa.orm.Session(bind=op.get_bind())
                for recipe in session.query(Recipe).filter(Recipe.id > 0).all():
                    raise AssertionError("no rows without the application")
                session.commit()
                """,
                imports="import sqlalchemy.orm\nfrom kitchen_app_missing.models import Recipe",
            )
        ],
    )
    result = lint_paths([tmp_path], offline_only=True)
    assert not by_rule(result.findings, "render-failed")
    approximate = by_rule(result.findings, "render-approximate")
    assert approximate and "kitchen_app_missing.models" in approximate[0].message
    rendered = [a.statement.sql for a in result.analyzed]
    assert any("ADD COLUMN slug" in sql for sql in rendered), "the schema change is still checked"


def test_a_query_method_of_an_application_model_finds_no_rows(tmp_path: Path) -> None:
    """``Model.find_by_email(...).first()`` (a query behind the application's own helper) is
    None without the application: the revision's "nothing to do" branch runs, as on a database
    that does not hold that row."""
    write_project(
        tmp_path,
        [
            rev(
                "0002_cleanup",
                """
                op.add_column("users", sa.Column("slug", sa.Text()))
                busy = models.Stat.query.filter(models.Stat.count > 5).count()  # a column too
                user = models.User.find_by_email("someone@example.com").first()
                if not user and busy == 0:
                    return
                groups = models.Group.query.filter(models.Group.name == "admin").all()
                assert len(groups) == 2
                """,
                imports="from kitchen_app_missing import models",
            )
        ],
    )
    result = lint_paths([tmp_path], offline_only=True)
    assert not by_rule(result.findings, "render-failed"), describe(result.findings)
    approximate = by_rule(result.findings, "render-approximate")
    assert approximate and "kitchen_app_missing" in approximate[0].message
    assert any("ADD COLUMN slug" in sql for sql in sql_of(result, "0002_cleanup"))


def test_application_model_table_name_is_a_marked_guess(tmp_path: Path) -> None:
    """``Model.__tablename__`` of a stood-in model: the class name in snake case; the data
    change is still linted, and the rendering says it is approximate."""
    write_project(
        tmp_path,
        [
            rev(
                "0002_orm",
                """
                op.add_column("recipes", sa.Column("slug", sa.Text()))
                op.execute(f"UPDATE {RecipeNote.__tablename__} SET slug = lower(name)")
                """,
                imports="from kitchen_app_missing.models import RecipeNote",
            )
        ],
    )
    result = lint_paths([tmp_path], offline_only=True)
    assert not by_rule(result.findings, "render-failed"), describe(result.findings)
    assert sql_of(result, "0002_orm")[-1] == "UPDATE recipe_note SET slug = lower(name)"
    approximate = by_rule(result.findings, "render-approximate")
    assert approximate and "kitchen_app_missing.models" in approximate[0].message
    assert by_rule(result.findings, "full-table-dml")


def test_a_table_reflected_without_a_database_does_not_outlive_the_revision() -> None:
    """A MetaData of the project's own modules outlives one revision: the guessed table must
    not be handed to the next one."""
    from typing import Any

    import sqlalchemy as sa

    from migcheck.render import OfflineBind, _reflection_without_database

    bind: Any = OfflineBind(lambda sql: None)  # what op.get_bind() gives a revision offline
    shared = sa.MetaData()
    reflected: list[str] = []
    with _reflection_without_database(bind, reflected):
        accounts = sa.Table("accounts", shared, autoload_with=bind)
        assert str(accounts.c.owner_id == 1) == "accounts.owner_id = :owner_id_1"
    assert reflected == ["accounts"]
    assert "accounts" not in shared.tables
    assert type(accounts) is sa.Table


def test_orm_bulk_update_by_primary_key_needs_the_database(tmp_path: Path) -> None:
    """``session.execute(update(Model), [{"id": 1, ...}])``: the WHERE comes from each row,
    which only the ORM on a connection writes; offline it is not taken for a full-table
    UPDATE."""
    write_project(
        tmp_path,
        [
            rev(
                "0002_bulk",
                """
                session = orm.Session(bind=op.get_bind())
                session.execute(sa.update(Unit), [{"id": 1, "name": "kg"}])
                """,
                imports=(
                    "from sqlalchemy import orm\n\n"
                    "class Base(orm.DeclarativeBase):\n    pass\n\n"
                    "class Unit(Base):\n"
                    '    __tablename__ = "units"\n'
                    "    id: orm.Mapped[int] = orm.mapped_column(primary_key=True)\n"
                    "    name: orm.Mapped[str]"
                ),
            )
        ],
    )
    result = lint_paths([tmp_path], offline_only=True)
    failed = by_rule(result.findings, "render-failed")
    assert len(failed) == 1 and "by primary key through an ORM session" in failed[0].message
    assert not by_rule(result.findings, "full-table-dml")


def test_orm_session_on_the_offline_bind(tmp_path: Path) -> None:
    """``orm.Session(bind=op.get_bind())`` offline: ``select(AppModel)`` with loader options
    finds no rows, writes through the session are recorded, ``commit()`` is harmless."""
    write_project(
        tmp_path,
        [
            rev(
                "0002_session",
                """
                op.add_column("units", sa.Column("name_normalized", sa.String()))
                session = orm.Session(bind=op.get_bind())
                units = (
                    session.execute(
                        select(Unit).options(orm.load_only(Unit.name, Unit.abbreviation))
                    )
                    .scalars()
                    .all()
                )
                for unit in units:
                    raise AssertionError("no rows without the application")
                session.execute(sa.text("UPDATE units SET name_normalized = lower(name)"))
                session.commit()
                """,
                imports=(
                    "from sqlalchemy import orm, select\n"
                    "from kitchen_app_missing.models import Unit"
                ),
            )
        ],
    )
    result = lint_paths([tmp_path], offline_only=True)
    assert not by_rule(result.findings, "render-failed"), describe(result.findings)
    assert sql_of(result, "0002_session") == [
        "ALTER TABLE units ADD COLUMN name_normalized VARCHAR",
        "UPDATE units SET name_normalized = lower(name)",
    ]
    assert by_rule(result.findings, "render-approximate")


# --------------------------------------------------------------------------- the offline bind


def test_engine_url_picks_the_postgresql_branch(tmp_path: Path) -> None:
    """Revisions written for several databases branch on ``str(bind.engine.url)``."""
    write_project(
        tmp_path,
        [
            rev(
                "0002_dialects",
                """
                bind = op.get_bind()
                url = str(bind.engine.url)
                if url.startswith("mysql"):
                    op.drop_constraint("orders_ibfk_1", "orders", type_="foreignkey")
                elif url.startswith("postgres") and bind.engine.name == "postgresql":
                    op.drop_constraint("orders_user_id_fkey", "orders", type_="foreignkey")
                """,
            )
        ],
    )
    result = lint_paths([tmp_path])
    assert not by_rule(result.findings, "render-failed"), describe(result.findings)
    assert sql_of(result, "0002_dialects") == [
        "ALTER TABLE orders DROP CONSTRAINT orders_user_id_fkey"
    ]


def test_writes_with_parameters_and_sqlalchemy_1x_strings_render_offline(tmp_path: Path) -> None:
    write_project(
        tmp_path,
        [
            rev(
                "0002_data",
                """
                conn = op.get_bind()
                conn.execute(
                    sa.text("UPDATE orders SET status = :status WHERE note = '12:30'"),
                    {"status": "paid"},
                )
                conn.execute("UPDATE orders SET note = '50%' WHERE status = 'x:y'")
                orders = sa.table("orders", sa.column("status"), sa.column("note"))
                conn.execute(orders.insert(), [{"status": "a", "note": "b"}])
                """,
            )
        ],
    )
    result = lint_paths([tmp_path])
    assert not by_rule(result.findings, "render-failed"), describe(result.findings)
    assert sql_of(result, "0002_data") == [
        "UPDATE orders SET status = 'paid' WHERE note = '12:30'",
        "UPDATE orders SET note = '50%' WHERE status = 'x:y'",
        "INSERT INTO orders (status, note) VALUES ('a', 'b')",
    ]


def test_sqlalchemy_1x_select_list_renders(tmp_path: Path) -> None:
    """``sa.select([a, b])`` (1.x) in ``insert().from_select(...)``: translated, and the 2.x
    spelling still works in the same run."""
    write_project(
        tmp_path,
        [
            rev(
                "0002_copy",
                """
                src = sa.table("payments", sa.column("order_id"), sa.column("provider"))
                dst = sa.table("invoices", sa.column("order_id"), sa.column("number"))
                op.execute(
                    dst.insert().from_select(
                        ["order_id", "number"],
                        sa.select([src.c.order_id, src.c.provider]).where(src.c.provider == "x"),
                    )
                )
                op.execute(dst.delete().where(dst.c.order_id.in_(sa.select(src.c.order_id))))
                """,
            )
        ],
    )
    result = lint_paths([tmp_path])
    assert not by_rule(result.findings, "render-failed"), describe(result.findings)
    statements = sql_of(result, "0002_copy")
    assert statements[0].startswith("INSERT INTO invoices (order_id, number) SELECT payments.")
    assert "WHERE payments.provider = 'x'" in statements[0]


def test_revision_opening_its_own_connection_needs_the_database(tmp_path: Path) -> None:
    """``engine_from_config(op.get_context().config...)``: offline there is nothing to connect
    to; the revision is one for the database fallback, and says why."""
    write_project(
        tmp_path,
        [
            rev(
                "0002_own_engine",
                """
                config = op.get_context().config
                engine = sa.engine_from_config(
                    config.get_section(config.config_ini_section), prefix="sqlalchemy."
                )
                if not sa.inspect(engine).has_table("users"):
                    op.create_table("users", sa.Column("id", sa.Integer()))
                """,
            )
        ],
    )
    result = lint_paths([tmp_path], offline_only=True)
    failed = by_rule(result.findings, "render-failed")
    assert len(failed) == 1, describe(result.findings)
    assert "opens its own connection" in failed[0].message


def test_revision_output_stays_out_of_the_report(tmp_path: Path) -> None:
    """Revisions print progress; ``--format json`` on stdout must stay one JSON document."""
    write_project(
        tmp_path,
        [rev("0002_noisy", f'print("Migrating orders...")\n{UNSAFE_INDEX}')],
    )
    run = run_cli("lint", str(tmp_path), "--offline-only", "--no-cache", "--format", "json")
    assert run.code == 1, run.stderr
    report = json.loads(run.stdout)
    assert any(f["rule"] == "index-not-concurrent" for f in report["findings"])
    assert "Migrating orders" not in run.stdout + run.stderr


def test_a_submodule_of_sqlalchemy_the_revision_never_imports(tmp_path: Path) -> None:
    """manila's 59eb64046740 uses ``sa.orm.Session`` after ``import sqlalchemy as sa`` alone:
    under Alembic, env.py imported the application's models and the ORM with them. In a fresh
    process nothing had, and lint stood in for sqlalchemy.orm (approximate) where the rehearsal
    failed (AttributeError). A name SQLAlchemy lacks is still stood in for (``sa.Binary``)."""
    body = """
    with sa.orm.Session(bind=op.get_bind()) as session:
        session.execute(sa.text("UPDATE orders SET note = 'x' WHERE note IS NULL"))
    op.add_column("orders", sa.Column("flag", sa.Boolean()))
    op.add_column("orders", sa.Column("blob", sa.Binary()))
    """
    write_project(tmp_path, [rev("0002_orm", textwrap.dedent(body))])
    run = run_cli("lint", str(tmp_path), "--offline-only", "--no-cache", "--format", "json")
    report = json.loads(run.stdout)
    messages = [f["message"] for f in report["findings"]]
    assert not any("sqlalchemy.orm" in message for message in messages), messages
    assert any("sqlalchemy.Binary" in message for message in messages), messages
    assert report["summary"]["statements"] >= 3, report["summary"]


# --------------------------------------------------------------------------- database fallback


@pytest.mark.postgres
def test_statements_on_a_connection_the_revision_opens_itself_are_linted(tmp_path: Path) -> None:
    """manila's first revision makes its 18 tables on a connection of its own
    (``op.get_bind().engine.begin()``, as sqlalchemy-migrate scripts did). Offline that needs
    a live connection; on lint's database the statements ran where nothing recorded them:
    no statement, no finding, and a schema without those tables (a later DROP CONSTRAINT of
    their foreign key predicted no lock on the table it references)."""
    create = """
    engine = op.get_bind().engine
    meta = sa.MetaData()
    nets = sa.Table("nets", meta, sa.Column("id", sa.Integer, primary_key=True))
    shares = sa.Table(
        "shares",
        meta,
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("net_id", sa.Integer),
        sa.ForeignKeyConstraint(["net_id"], ["nets.id"]),
    )
    with engine.begin() as conn:
        for table in [nets, shares]:
            table.create(conn, checkfirst=True)
    """
    drop = 'op.drop_constraint("shares_net_id_fkey", "shares", type_="foreignkey")'
    write_project(
        tmp_path,
        [rev("0002_init", textwrap.dedent(create)), rev("0003_drop", drop, down="0002_init")],
    )
    result = lint_paths([tmp_path], offline_only=False)
    made = [a for a in result.analyzed if a.statement.revision == "0002_init"]
    assert [a.statement.sql.split("(")[0].strip() for a in made] == [
        "CREATE TABLE nets",
        "CREATE TABLE shares",
    ], describe(result.findings)
    [dropped] = [a for a in result.analyzed if a.statement.revision == "0003_drop"]
    assert [getattr(x, "references", ()) for x in dropped.facts.actions] == [("nets",)]


@pytest.mark.postgres
def test_a_statement_from_a_thread_of_the_revision_is_recorded_while_another_runs(
    tmp_path: Path,
) -> None:
    """A revision's thread sends a statement on a connection of its own while one of the
    migration's statements runs (the recorder is in the middle of it): recorded as well."""
    body = """
    import threading
    import time

    if op.get_context().as_sql:
        raise RuntimeError("needs a live connection")
    engine = op.get_bind().engine

    def meanwhile() -> None:
        time.sleep(0.1)
        with engine.begin() as other:
            other.exec_driver_sql("CREATE TABLE from_thread (id int)")

    thread = threading.Thread(target=meanwhile)
    thread.start()
    op.execute("CREATE TABLE slow AS SELECT pg_sleep(0.5)::text AS x")
    thread.join()
    """
    result, _ = _on_the_database(tmp_path, "0002_thread", body)
    [unit] = [u for u in result.units if u.revision is not None and u.revision.id == "0002_thread"]
    sent = [st.sql for st in unit.statements]
    assert sent == [
        "CREATE TABLE slow AS SELECT pg_sleep(0.5)::text AS x",  # recorded as it begins
        "CREATE TABLE from_thread (id int)",
    ], sent


@pytest.mark.postgres
@pytest.mark.slow
def test_database_fallback_on_real_world_histories(tmp_path: Path) -> None:
    """One throwaway database for several patterns of one history:

    * the first revision reads a table the history never creates (made by ``create_all()``
      before Alembic was adopted): the database cannot answer, so its reads are answered as
      empty tables offline, and the revision is linted (approximate);
    * a revision reflects tables the history never creates and updates their rows: each
      column it names exists (approximate), there are no rows, its schema change is linted;
    * a revision fails on the database (a bug of its own that offline rendering cannot see):
      it is skipped there, and the later revisions still get the fallback;
    * a revision imports the application inside ``upgrade()``: on the database too it gets its
      stand-in (and runs again), so the column it adds is there for the next revision;
    * a revision reads through SQLAlchemy 1.x calls (a plain SQL string, keyword parameters);
    * a revision opens its own engine from the Alembic config: it reaches the throwaway
      database.
    """
    legacy = rev(
        "0002_legacy",
        """
        conn = op.get_bind()
        for row in conn.execute(sa.text("SELECT id, body FROM legacy_notes")).fetchall():
            conn.execute(sa.text("UPDATE legacy_notes SET body = :b WHERE id = :i"), b="", i=row.id)
        op.add_column("orders", sa.Column("legacy", sa.Boolean(), nullable=True))
        """,
    )
    reflects = rev(
        "0002_reflects",
        """
        conn = op.get_bind()
        users = sa.Table("legacy_users", sa.MetaData(), autoload_with=conn)
        metadata = sa.MetaData(bind=conn)  # SQLAlchemy 1.x
        teams = sa.Table("legacy_teams", metadata, autoload=True)
        joined = users.outerjoin(teams, users.c.team_id == teams.c.id)
        query = sa.select(users.c.id, users.c.email, teams.c.name).select_from(joined)
        for row in conn.execute(query):
            conn.execute(users.update().where(users.c.id == row.id).values(email=row.email.lower()))
        conn.execute(users.update().where(users.c.id == 0).values(email="root@example.com"))
        conn.execute(teams.update().values(archived="no"))  # a column named only here (superset)
        op.create_index("ix_orders_legacy", "orders", ["legacy"])
        """,
        down="0002_legacy",
    )
    orm_model = rev(
        "0002_orm_model",
        """
        from sqlalchemy import orm

        class Base(orm.DeclarativeBase):
            pass

        class Note(Base):
            __tablename__ = "legacy_notes"
            id: orm.Mapped[int] = orm.mapped_column(primary_key=True)
            body: orm.Mapped[str]

        session = orm.Session(bind=op.get_bind())
        for note in session.query(Note).filter(Note.body == "").all():
            note.body = "empty"
        assert session.execute(sa.select(Note.id).limit(1)).scalar_one_or_none() is None
        op.add_column("orders", sa.Column("noted", sa.Boolean(), nullable=True))
        """,
        down="0002_reflects",
    )
    broken = rev(
        "0003_broken",
        'op.execute("UPDATE no_such_table SET x = 1")',
        down="0002_orm_model",
    )
    flag = rev(
        "0003_flag",
        """
        from shopapp_missing.types import FlagType
        op.add_column("orders", sa.Column("flag", sa.Boolean(), nullable=True, info={"t": FlagType()}))
        """,
        down="0003_broken",
    )
    reads_1x = rev(
        "0004_reads_1x",
        """
        conn = op.get_bind()
        for row in conn.execute("SELECT id, status FROM orders WHERE flag IS NULL"):
            conn.execute(sa.text("UPDATE orders SET note = :n WHERE id = :i"), n="x", i=row[0])
        op.create_index("ix_orders_note", "orders", ["note"])
        """,
        down="0003_flag",
    )
    own_engine = rev(
        "0005_own_engine",
        """
        config = op.get_context().config
        engine = sa.engine_from_config(
            config.get_section(config.config_ini_section), prefix="sqlalchemy."
        )
        if sa.inspect(engine).has_table("orders"):
            op.add_column("orders", sa.Column("checked", sa.Boolean(), nullable=True))
        engine.dispose()
        """,
        down="0004_reads_1x",
    )
    write_project(tmp_path, [legacy, reflects, orm_model, broken, flag, reads_1x, own_engine])
    result = lint_paths([tmp_path], offline_only=False)
    assert not by_rule(result.findings, "render-failed"), describe(result.findings)
    approximate = {f.revision: f.message for f in by_rule(result.findings, "render-approximate")}
    assert "0002_legacy" in approximate and "empty tables" in approximate["0002_legacy"]
    assert sql_of(result, "0002_legacy") == ["ALTER TABLE orders ADD COLUMN legacy BOOLEAN"]
    # Tables reflected that no revision creates: every column named exists; no rows to update.
    assert "table legacy_users (reflected; no revision creates it)" in approximate["0002_reflects"]
    assert "table legacy_teams (reflected" in approximate["0002_reflects"]
    assert sql_of(result, "0002_reflects") == [
        "UPDATE legacy_users SET email='root@example.com' WHERE legacy_users.id = 0",
        "UPDATE legacy_teams SET archived='no'",
        "CREATE INDEX ix_orders_legacy ON orders (legacy)",
    ]
    # An ORM model of the revision's own over a table the database does not have: no rows.
    assert sql_of(result, "0002_orm_model") == ["ALTER TABLE orders ADD COLUMN noted BOOLEAN"]
    assert sql_of(result, "0004_reads_1x") == ["CREATE INDEX ix_orders_note ON orders (note)"]
    # Rendered on the database, whose orders has no rows: its per-row UPDATEs are not seen.
    assert "rendered on an empty throwaway database" in approximate["0004_reads_1x"]
    assert sql_of(result, "0005_own_engine") == ["ALTER TABLE orders ADD COLUMN checked BOOLEAN"]
    assert result.database_renders == 2


@pytest.mark.postgres
@pytest.mark.slow
def test_flask_style_history_with_prints_and_app_imports_in_the_fallback(tmp_path: Path) -> None:
    """The CLI end to end on the database fallback: a revision that prints, imports the
    application inside ``upgrade()`` and reads rows; stdout stays JSON, nothing leaks."""
    body = textwrap.dedent(
        """
        print("Getting bind...")
        from shopapp_missing.models import db
        conn = op.get_bind()
        rows = conn.execute(sa.text("SELECT id FROM users")).fetchall()
        print(f"There are {len(rows)} users")
        op.add_column("users", sa.Column("nick", db.String(30), nullable=True))
        """
    )
    write_project(tmp_path, [rev("0002_users", body)], env=env_py(), ini=INI)
    run = run_cli("lint", str(tmp_path), "--no-cache", "--format", "json", timeout=300)
    assert run.code in (0, 1), run.stderr
    assert "Traceback" not in run.stderr
    assert "Getting bind" not in run.stdout + run.stderr
    report = json.loads(run.stdout)
    rules = {(f["rule"], f["revision"]) for f in report["findings"]}
    assert ("render-failed", "0002_users") not in rules, report["findings"]
    assert ("render-approximate", "0002_users") in rules
    assert report["summary"]["rendered_with_database"] == 1
    assert all(
        f["severity"] != Severity.ERROR.value or f["rule"] != "render-failed"
        for f in report["findings"]
    )


def test_inspecting_the_bind_after_the_orm_was_imported(tmp_path: Path) -> None:
    """Once ``sqlalchemy.orm`` is imported (any revision with a ``Session`` does),
    ``sa.inspect(bind)`` probes private attributes first: still "inspects the live schema"."""
    write_project(
        tmp_path,
        [
            rev(
                "0002_inspect",
                """
                if "legacy_flag" in [c["name"] for c in sa.inspect(op.get_bind()).get_columns("users")]:
                    op.drop_column("users", "legacy_flag")
                """,
                imports="import sqlalchemy.orm",
            )
        ],
    )
    failed = by_rule(lint_paths([tmp_path], offline_only=True).findings, "render-failed")
    assert len(failed) == 1
    assert "inspects the live schema" in failed[0].message


# ---------------------------------------------------------------------------------------------
# revisions that hang: reported after the time limit, never waited for
# ---------------------------------------------------------------------------------------------


@pytest.fixture
def one_second_limit(monkeypatch: pytest.MonkeyPatch) -> None:
    from migcheck import render, render_online

    monkeypatch.setattr(render, "RENDER_TIMEOUT_SECONDS", 1.0)
    monkeypatch.setattr(render_online, "RENDER_TIMEOUT_SECONDS", 1.0)


def _timed_out(result: LintResult, rev_id: str) -> list[Finding]:
    return [
        f
        for f in by_rule(result.findings, "render-failed")
        if rev_id in str(f.file) and "took longer than 1 s" in f.message
    ]


def test_a_revision_that_sleeps_is_reported_not_blamed_on_time(
    tmp_path: Path, one_second_limit: None
) -> None:
    """The timeout lands inside time.sleep: it is no failed import to stand ``time`` in for."""
    write_project(tmp_path, [rev("0002_sleep", "import time\n\ntime.sleep(600)")])
    result = lint_paths([tmp_path])
    assert _timed_out(result, "0002_sleep"), describe(result.findings)
    assert not by_rule(result.findings, "render-approximate"), describe(result.findings)


def test_a_retry_loop_does_not_swallow_the_time_limit(
    tmp_path: Path, one_second_limit: None
) -> None:
    """A revision's own ``except Exception`` (a retry loop) cannot catch the time limit."""
    body = """
    import time

    for _attempt in range(200):
        try:
            time.sleep(0.05)
        except Exception:
            pass
    """
    write_project(tmp_path, [rev("0002_retry", body)])
    result = lint_paths([tmp_path])
    assert _timed_out(result, "0002_retry"), describe(result.findings)


@pytest.mark.postgres
def test_a_revision_that_hangs_on_the_throwaway_database_is_reported(
    tmp_path: Path, one_second_limit: None
) -> None:
    """Rendered on the database (it reads rows), then it hangs: reported once, not retried
    offline (it would hang there too)."""
    body = """
    import time

    for _row in op.get_bind().execute(sa.text("SELECT id FROM orders WHERE id = 0")):
        pass
    time.sleep(600)
    """
    write_project(tmp_path, [rev("0002_reads_then_hangs", body)])
    result = lint_paths([tmp_path], offline_only=False)
    assert _timed_out(result, "0002_reads_then_hangs"), describe(result.findings)


@pytest.mark.postgres
def test_a_revision_that_waits_on_the_server_is_reported_and_the_fallback_goes_on(
    tmp_path: Path, one_second_limit: None
) -> None:
    """A wait on the server (pg_sleep; a lock) is cancelled by the server just before the
    limit, reported once (not rendered again offline), and the next revision still gets the
    throwaway database."""
    sleeps = rev(
        "0002_sleeps_on_server",
        'op.get_bind().execute(sa.text("SELECT pg_sleep(600)")).fetchall()',
    )
    reads = rev(
        "0003_reads",
        """
        for _row in op.get_bind().execute(sa.text("SELECT id FROM orders")):
            pass
        op.create_index("ix_orders_note", "orders", ["note"])
        """,
        down="0002_sleeps_on_server",
    )
    write_project(tmp_path, [sleeps, reads])
    result = lint_paths([tmp_path], offline_only=False)
    failed = by_rule(result.findings, "render-failed")
    assert [f.revision for f in failed] == ["0002_sleeps_on_server"], describe(result.findings)
    assert "statement timeout" in failed[0].message
    assert not by_rule(result.findings, "render-approximate") or all(
        "empty throwaway database" in f.message
        for f in by_rule(result.findings, "render-approximate")
    )
    assert sql_of(result, "0003_reads") == ["CREATE INDEX ix_orders_note ON orders (note)"]


@pytest.mark.postgres
def test_where_both_renderings_stop_the_one_that_got_further_is_checked(tmp_path: Path) -> None:
    """The table comes from create_all() (lemur): the database stops at its first use, the
    offline rendering with empty reads at the row it expects; the offline one saw more."""
    body = """
    op.create_table("policies", sa.Column("id", sa.Integer(), primary_key=True))
    op.add_column("certificates", sa.Column("policy_id", sa.Integer(), nullable=True))
    op.create_foreign_key(None, "certificates", "policies", ["policy_id"], ["id"])
    policy = op.get_bind().execute(sa.text("SELECT id FROM policies")).fetchone()[0]
    op.execute(f"UPDATE certificates SET policy_id = {policy}")
    """
    write_project(tmp_path, [rev("0002_policies", body)])
    result = lint_paths([tmp_path], offline_only=False)
    assert len(sql_of(result, "0002_policies")) == 3, describe(result.findings)
    assert by_rule(result.findings, "validating-constraint"), describe(result.findings)
    [failed] = by_rule(result.findings, "render-failed")
    assert "up to statement 3" in failed.message


def test_a_batched_update_loop_ends_offline_after_one_batch(tmp_path: Path) -> None:
    """The canonical batched backfill runs until a batch changes no rows: offline nothing is
    stored, so the first batch changes none and the loop ends, rendered once."""
    body = """
    bind = op.get_bind()
    while True:
        result = bind.execute(
            sa.text(
                "UPDATE orders SET status = 'new' WHERE id IN "
                "(SELECT id FROM orders WHERE status IS NULL LIMIT 1000)"
            )
        )
        if result.rowcount == 0:
            break
    """
    write_project(tmp_path, [rev("0002_batches", body)])
    result = lint_paths([tmp_path])
    assert not by_rule(result.findings, "render-failed"), describe(result.findings)
    assert sql_of(result, "0002_batches") == [
        "UPDATE orders SET status = 'new' WHERE id IN "
        "(SELECT id FROM orders WHERE status IS NULL LIMIT 1000)"
    ]


def _rules_in_a_new_process(project: Path) -> list[str]:
    """The rule of each finding of ``migcheck lint`` run as a pre-commit hook runs it: a process
    of its own (the project's modules are imported afresh), the cache in use."""
    command = ["lint", str(project), "--offline-only", "--format", "json"]
    done = subprocess.run(
        [sys.executable, "-m", "migcheck", *command],
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )
    assert done.returncode in (0, 1), done.stderr
    return [finding["rule"] for finding in json.loads(done.stdout)["findings"]]


def test_the_cache_is_stale_when_a_module_the_revision_imports_changed(tmp_path: Path) -> None:
    """A revision that builds its index through a helper of the project: changing the helper
    (not the revision) must not leave the clean result of the cache standing."""
    helpers = tmp_path / "shop"
    helpers.mkdir()
    (helpers / "__init__.py").write_text("")
    helper = helpers / "mighelpers.py"
    concurrent = """\
from alembic import op


def add_index(name, table, columns):
    with op.get_context().autocommit_block():
        op.create_index(name, table, columns, postgresql_concurrently=True)
"""
    helper.write_text(concurrent)
    body = 'mighelpers.add_index("ix_orders_note", "orders", ["note"])'
    write_project(tmp_path, [rev("0002_helper_index", body, imports="from shop import mighelpers")])

    def index_findings() -> list[str]:
        return [
            rule for rule in _rules_in_a_new_process(tmp_path) if rule == "index-not-concurrent"
        ]

    assert index_findings() == []
    assert (tmp_path / ".migcheck_cache").is_dir()
    assert index_findings() == []  # from the cache
    helper.write_text(concurrent.replace(", postgresql_concurrently=True", ""))
    assert index_findings() == ["index-not-concurrent"]


@pytest.mark.postgres
def test_a_catalog_read_rendered_on_the_database_is_not_marked_approximate(tmp_path: Path) -> None:
    """An idempotence check reads the catalog, which the schema-only database answers as
    production would: no note about rows not seen."""
    body = """
    found = op.get_bind().execute(
        sa.text("SELECT 1 FROM pg_indexes WHERE indexname = 'ix_orders_note'")
    ).first()
    if found is None:
        op.create_index("ix_orders_note", "orders", ["note"])
    """
    write_project(tmp_path, [rev("0002_checks_catalog", body)])
    result = lint_paths([tmp_path], offline_only=False)
    assert result.database_renders == 1
    assert not by_rule(result.findings, "render-approximate"), describe(result.findings)
    assert sql_of(result, "0002_checks_catalog") == ["CREATE INDEX ix_orders_note ON orders (note)"]


def _on_the_database(tmp_path: Path, revision_id: str, body: str) -> tuple[LintResult, list[str]]:
    """Lint one revision (on the test base) with the database fallback allowed: it must be
    rendered there, in full. The result and the revision's SQL."""
    write_project(tmp_path, [rev(revision_id, body)])
    result = lint_paths([tmp_path], offline_only=False)
    assert not by_rule(result.findings, "render-failed"), describe(result.findings)
    assert result.database_renders == 1
    return result, sql_of(result, revision_id)


@pytest.mark.postgres
def test_a_value_with_no_literal_form_is_rendered_on_the_database(tmp_path: Path) -> None:
    """mlflow's dc11669786a5: an UPDATE through sa.table() with an untyped column. Offline
    (literal binds, as alembic --sql) SQLAlchemy cannot write 5 for a column of no type;
    online the value is a bound parameter."""
    body = """
    orders = sa.table("orders", sa.column("total_cents"))
    op.execute(orders.update().where(orders.c.total_cents.in_([0, 1])).values(total_cents=5))
    """
    _, rendered = _on_the_database(tmp_path, "0002_untyped_update", body)
    [update] = rendered
    assert update.startswith("UPDATE orders SET total_cents=")
    offline = lint_paths([tmp_path], offline_only=True)
    [failed] = by_rule(offline.findings, "render-failed")
    assert "cannot render as a literal offline" in failed.message


@pytest.mark.postgres
def test_a_batched_backfill_in_an_autocommit_block_ends_on_the_database(tmp_path: Path) -> None:
    """prefect's 14dc68cc5853: ``WITH ... UPDATE`` in batches until rowcount is 0, committed
    one by one in an autocommit block. Offline its result is a read (WITH): the database
    renders it, and each batch must report the 0 rows of the schema-only table. It used to
    answer "SELECT 1" (rowcount 1): the loop ran until the 20-second limit."""
    body = """
    batch = (
        "WITH pending AS (SELECT id FROM orders WHERE note IS NULL LIMIT 500) "
        "UPDATE orders SET note = 'none' FROM pending WHERE orders.id = pending.id"
    )
    with op.get_context().autocommit_block():
        conn = op.get_bind()
        while True:
            if conn.execute(sa.text(batch)).rowcount <= 0:
                break
    """
    _, rendered = _on_the_database(tmp_path, "0002_batched_backfill", body)
    [update] = rendered
    assert update.startswith("WITH pending AS")


@pytest.mark.postgres
def test_a_revision_that_refuses_to_run_offline_is_rendered_on_the_database(
    tmp_path: Path,
) -> None:
    """prefect's d4a7e1c93f52: it raises when ``as_sql``, reads pg_index (with ``format('%I')``
    through exec_driver_sql, which psycopg would read as a placeholder), builds the index
    CONCURRENTLY and checks that it is there. On the throwaway database the build runs
    without CONCURRENTLY inside the transaction that is rolled back, so the check passes."""
    body = """
    context = op.get_context()
    with context.autocommit_block():
        if context.as_sql:
            raise RuntimeError("requires an online PostgreSQL migration")
        query = (
            "SELECT format('%I.%I', n.nspname, c.relname), i.indisvalid "
            "FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid "
            "JOIN pg_namespace n ON n.oid = c.relnamespace "
            "WHERE c.relname = 'ix_orders_note'"
        )
        if op.get_bind().exec_driver_sql(query).first() is None:
            op.execute("CREATE INDEX CONCURRENTLY ix_orders_note ON orders (note)")
        index = op.get_bind().exec_driver_sql(query).first()
        if index is None or not index[1]:
            raise RuntimeError("ix_orders_note is missing or invalid after creation")
    """
    _, rendered = _on_the_database(tmp_path, "0002_checked_index", body)
    assert rendered == ["CREATE INDEX CONCURRENTLY ix_orders_note ON orders (note)"]
    offline = lint_paths([tmp_path], offline_only=True)
    [failed] = by_rule(offline.findings, "render-failed")
    assert "refuses to run offline: RuntimeError: requires an online" in failed.message


@pytest.mark.postgres
def test_query_options_of_sqlalchemy_1x_go_with_their_query(tmp_path: Path) -> None:
    """fides' bf713b5a021d (SQLAlchemy 1.4): ``conn.execution_options(stream_results=True)``
    returned a copy of the connection. SQLAlchemy 2 sets the option on the connection itself,
    and the revision's next statement became ``DECLARE ... CURSOR FOR CREATE INDEX``."""
    body = """
    conn = op.get_bind()
    query = sa.text("SELECT id, note FROM orders")
    for batch in conn.execution_options(stream_results=True).execute(query).yield_per(500).partitions():
        for row in batch:
            pass
    op.create_index("ix_orders_note", "orders", ["note"])
    """
    _, rendered = _on_the_database(tmp_path, "0002_streams", body)
    assert rendered == ["CREATE INDEX ix_orders_note ON orders (note)"]


@pytest.mark.postgres
def test_a_stand_in_passed_as_a_parameter_on_the_database_is_null(tmp_path: Path) -> None:
    """zenml, fides: a value of the application (not importable here) bound as a parameter of
    a read that sends the revision to the database. psycopg cannot adapt a stand-in: it goes
    as NULL, as offline, and the rendering is marked approximate."""
    body = """
    from shopapp_missing.enums import Status

    rows = op.get_bind().execute(
        sa.text("SELECT id FROM orders WHERE status = :s"), {"s": Status.OPEN.value}
    ).fetchall()
    if not rows:
        op.create_index("ix_orders_status", "orders", ["status"])
    """
    result, rendered = _on_the_database(tmp_path, "0002_app_value", body)
    assert rendered == ["CREATE INDEX ix_orders_status ON orders (status)"]
    assert by_rule(result.findings, "render-approximate")


def test_files_a_revision_writes_while_rendered_are_not_left_behind(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """fides writes a CSV backup where it runs. Rendering happens in a scratch directory that
    shows the real one's entries: a relative read still works, a new file is not left."""
    body = """
    from pathlib import Path
    note = Path("data/default_note.txt").read_text().strip()
    Path("backup_orders.csv").write_text("id,note\\\\n")
    op.execute(f"UPDATE orders SET note = '{note}'")
    """
    write_project(tmp_path, [rev("0002_backup", body)])
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "default_note.txt").write_text("hello\n", encoding="utf-8")
    before = sorted(p.name for p in tmp_path.iterdir())
    monkeypatch.chdir(tmp_path)
    result = lint_paths([tmp_path])
    assert sql_of(result, "0002_backup") == ["UPDATE orders SET note = 'hello'"]
    assert sorted(p.name for p in tmp_path.iterdir()) == before
    # The CLI renders in a worker process (two cores or more): the same there.
    run = run_cli("lint", str(tmp_path), "--no-cache", cwd=tmp_path)
    assert run.code == 1 and "full-table-dml" in run.stdout, run.stdout + run.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == before


@pytest.mark.parametrize(
    ("statement", "runs"),
    [
        ("SELECT indisvalid FROM pg_index", "SELECT indisvalid FROM pg_index"),
        ("UPDATE orders SET note = 'x'", "UPDATE orders SET note = 'x'"),
        ("CREATE INDEX CONCURRENTLY ix ON orders (note)", "CREATE INDEX ix ON orders (note)"),
        ("create unique index concurrently ix on t (a)", "create unique index ix on t (a)"),
        ("DROP INDEX CONCURRENTLY IF EXISTS ix", "DROP INDEX IF EXISTS ix"),
        ("REINDEX INDEX CONCURRENTLY public.ix", "REINDEX INDEX public.ix"),
        ("ALTER TYPE status ADD VALUE 'x'", "ALTER TYPE status ADD VALUE 'x'"),
        ("VACUUM ANALYZE orders", "SELECT 1 WHERE false"),
        ("COMMIT", "SELECT 1 WHERE false"),
        ("SELECT setval('orders_id_seq', 10)", "SELECT 1 WHERE false"),
        ("CREATE DATABASE reports", "SELECT 1 WHERE false"),
        ("ALTER SYSTEM SET work_mem = '64MB'", "SELECT 1 WHERE false"),
    ],
)
def test_what_the_fallback_runs_in_an_autocommit_block(statement: str, runs: str) -> None:
    """Inside the transaction it rolls back: as it is when it can, without CONCURRENTLY where
    only that stops it, else a statement that changes no rows."""
    from migcheck.render_online import _in_the_rolled_back_transaction

    assert _in_the_rolled_back_transaction(statement) == runs


def test_a_stand_in_server_default_is_its_name(tmp_path: Path) -> None:
    """octavia: ``server_default=constants.ONLINE`` with the application not importable here.
    SQLAlchemy accepts only SQL text: the constant's name, as a string, marked approximate."""
    body = """
    from octavia_missing.common import constants
    op.add_column(
        "orders",
        sa.Column("state", sa.String(16), nullable=False, server_default=constants.ONLINE),
    )
    """
    write_project(tmp_path, [rev("0002_state", body)])
    result = lint_paths([tmp_path])
    assert not by_rule(result.findings, "render-failed"), describe(result.findings)
    assert sql_of(result, "0002_state") == [
        "ALTER TABLE orders ADD COLUMN state VARCHAR(16) DEFAULT 'ONLINE' NOT NULL"
    ]
    assert by_rule(result.findings, "render-approximate")


def test_a_render_that_timed_out_is_not_cached(tmp_path: Path) -> None:
    from migcheck.cache import RenderCache
    from migcheck.model import RenderProblem, Unit

    cache = RenderCache(tmp_path)
    revision_file = tmp_path / "r.py"
    revision_file.write_text("x = 1\n")
    key = cache.key(revision_file)
    slow = Unit(file=revision_file, statements=[], problem=RenderProblem("slow", timed_out=True))
    cache.put(key, slow)
    assert not cache.has(key)
    cache.put(key, Unit(file=revision_file, statements=[], problem=RenderProblem("broken")))
    assert cache.has(key)


def test_the_cache_is_stale_when_a_missing_module_of_the_project_appears(tmp_path: Path) -> None:
    """Rendered with a stand-in for a helper the project does not have yet; once it is
    written, the next run renders the revision with it."""
    (tmp_path / "shop").mkdir()
    (tmp_path / "shop" / "__init__.py").write_text("")
    body = 'helpers.add_index("ix_orders_note", "orders", ["note"])'
    write_project(tmp_path, [rev("0002_later_helper", body, imports="from shop import helpers")])

    def rules() -> list[str]:
        return sorted(set(_rules_in_a_new_process(tmp_path)))

    assert "render-approximate" in rules()
    assert "render-approximate" in rules()  # from the cache
    (tmp_path / "shop" / "helpers.py").write_text(
        "from alembic import op\n\n\ndef add_index(name, table, columns):\n"
        "    op.create_index(name, table, columns)\n"
    )
    after = rules()
    assert "index-not-concurrent" in after and "render-approximate" not in after


# --------------------------------------------------------------------------- seen in the fifth set
# (manila, cinder, glance, keystone, arize-phoenix)


def test_a_statement_built_by_a_missing_helper_reads_no_rows(tmp_path: Path) -> None:
    """manila's data migrations: ``table = utils.load_table("shares", conn)`` with manila not
    importable, then ``for row in conn.execute(table.select())``. The statement is a stand-in
    (its SQL unknown): it used to be emitted as ``TEXT`` and its result could not be iterated,
    so the revision's schema changes after the loop went unchecked."""
    body = f"""
    connection = op.get_bind()
    shares = app_utils.load_table("shares", connection)
    for row in connection.execute(shares.select()):
        op.execute(shares.update().where(shares.c.id == row.id).values(status="x"))
    {UNSAFE_INDEX}
    """
    write_project(
        tmp_path,
        [rev("0002_loop", body, imports="from shopapp_not_installed import utils as app_utils")],
    )
    result = lint_paths([tmp_path])
    assert not by_rule(result.findings, "render-failed"), describe(result.findings)
    assert not by_rule(result.findings, "unparsed-statement"), describe(result.findings)
    assert sql_of(result, "0002_loop") == ["CREATE INDEX ix_orders_status ON orders (status)"]
    assert by_rule(result.findings, "render-approximate")


def test_a_stand_in_type_with_autoincrement_is_an_integer(tmp_path: Path) -> None:
    """glance: ``Column("id", BigInteger().with_variant(Integer, "sqlite"), primary_key=True,
    autoincrement=True)`` with BigInteger from glance's own schema module. SQLAlchemy refuses
    any type but an integer with autoincrement=True."""
    body = """
    op.create_table(
        "node_reference",
        sa.Column("id", AppBigInteger().with_variant(sa.Integer, "sqlite"),
                  primary_key=True, autoincrement=True),
        sa.Column("url", sa.Text(), nullable=False),
    )
    """
    write_project(
        tmp_path,
        [rev("0002_nodes", body, imports="from shopapp_not_installed import AppBigInteger")],
    )
    result = lint_paths([tmp_path])
    assert not by_rule(result.findings, "render-failed"), describe(result.findings)
    [create] = sql_of(result, "0002_nodes")
    assert "id SERIAL NOT NULL" in create, create
    assert by_rule(result.findings, "render-approximate")


def test_an_enum_of_stand_in_values_takes_their_names(tmp_path: Path) -> None:
    """keystone's initial revision: ``sa.Enum(AssignmentType.USER_PROJECT, ...)`` with the
    constants keystone's; SQLAlchemy wants literal values ("Literal Python value expected")."""
    body = """
    op.create_table(
        "assignments",
        sa.Column("kind", sa.Enum(Kind.USER_PROJECT, Kind.GROUP_PROJECT, name="kind")),
    )
    """
    write_project(
        tmp_path, [rev("0002_kind", body, imports="from shopapp_not_installed import Kind")]
    )
    result = lint_paths([tmp_path])
    assert not by_rule(result.findings, "render-failed"), describe(result.findings)
    create_type, create_table = sql_of(result, "0002_kind")
    assert create_type == "CREATE TYPE kind AS ENUM ('USER_PROJECT', 'GROUP_PROJECT')"
    assert "kind kind" in create_table, create_table


def test_unnamed_constraints_are_named_by_env_pys_naming_convention(tmp_path: Path) -> None:
    """arize-phoenix: env.py's target_metadata is the models' metadata, whose naming
    convention Alembic applies to the constraints op.create_table() leaves unnamed; a later
    revision drops one by that name. The SQL must carry the names production gets."""
    write_project_with_models(
        tmp_path,
        [
            rev("0002_tags", CREATE_TAGS),
            rev("0003_drop", 'op.drop_constraint("uq_tags_name", "tags")', down="0002_tags"),
        ],
    )
    result = lint_paths([tmp_path])
    [create] = sql_of(result, "0002_tags")
    assert "CONSTRAINT pk_tags PRIMARY KEY (id)" in create, create
    assert "CONSTRAINT uq_tags_name UNIQUE (name)" in create, create
    assert "CONSTRAINT ck_tags_name_not_empty CHECK" in create, create


@pytest.mark.postgres
def test_the_database_fallback_names_constraints_as_production_does(tmp_path: Path) -> None:
    """The fallback database replays the earlier revisions: with PostgreSQL's own names
    (tags_name_key) the later drop of uq_tags_name failed there, so a revision that reads the
    catalog after it could not be checked at all."""
    write_project_with_models(
        tmp_path,
        [
            rev("0002_tags", CREATE_TAGS),
            rev(
                "0003_drop",
                """
            op.drop_constraint("uq_tags_name", "tags")
            found = op.get_bind().execute(sa.text(
                "SELECT count(*) FROM pg_constraint WHERE conname = 'uq_tags_name'")).scalar()
            if not found:
                op.create_index("ix_tags_name", "tags", ["name"])
            """,
                down="0002_tags",
            ),
        ],
    )
    result = lint_paths([tmp_path], offline_only=False)
    assert not by_rule(result.findings, "render-failed"), describe(result.findings)
    assert result.database_renders == 1
    assert sql_of(result, "0003_drop") == [
        "ALTER TABLE tags DROP CONSTRAINT uq_tags_name",
        "CREATE INDEX ix_tags_name ON tags (name)",
    ]


@pytest.mark.postgres
def test_a_stand_in_default_fits_its_columns_type(tmp_path: Path) -> None:
    """nova's initial revision: ``server_default=keypair.KEYPAIR_TYPE_SSH`` on an enum of
    'ssh' and 'x509', with nova not importable. The constant's name as a string was rejected
    by the enum on the fallback database, so the revision failed there and every later one
    found its tables missing."""
    create = """
    op.create_table(
        "keypairs",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("type", sa.Enum("ssh", "x509", name="keypair_types"), nullable=False,
                  server_default=keypair.KEYPAIR_TYPE_SSH),
        sa.Column("weight", sa.Integer(), server_default=keypair.DEFAULT_WEIGHT),
        sa.Column("enabled", sa.Boolean(), server_default=keypair.ENABLED),
        sa.Column("label", sa.String(20), server_default=keypair.UNNAMED),
    )
    """
    reads = """
    found = op.get_bind().execute(sa.text(
        "SELECT count(*) FROM pg_indexes WHERE indexname = 'ix_keypairs_type'")).scalar()
    if not found:
        op.create_index("ix_keypairs_type", "keypairs", ["type"])
    """
    imports = "from shopapp_not_installed import keypair"
    write_project(
        tmp_path,
        [
            rev("0002_keypairs", create, imports=imports),
            rev("0003_index", reads, down="0002_keypairs"),
        ],
    )
    result = lint_paths([tmp_path], offline_only=False)
    assert not by_rule(result.findings, "render-failed"), describe(result.findings)
    assert result.database_renders == 1
    assert sql_of(result, "0003_index") == ["CREATE INDEX ix_keypairs_type ON keypairs (type)"]
    [_, create_table] = sql_of(result, "0002_keypairs")
    for default in ("DEFAULT 'ssh'", "DEFAULT 0", "DEFAULT false", "DEFAULT 'UNNAMED'"):
        assert default in create_table, create_table


def test_an_enum_of_a_stand_in_class_is_named_after_it(tmp_path: Path) -> None:
    """ihatemoney: ``sa.Enum(BillType)`` with ihatemoney's models not importable. SQLAlchemy
    names an enum after its class only when the class has members; a stand-in has none, and
    PostgreSQL's ENUM "requires a name"."""
    body = """
    bill_type = sa.Enum(BillType)
    bill_type.create(op.get_bind(), checkfirst=True)
    op.add_column("orders", sa.Column("bill_type", bill_type, nullable=True))
    """
    write_project(
        tmp_path, [rev("0002_bill", body, imports="from shopapp_not_installed import BillType")]
    )
    result = lint_paths([tmp_path])
    assert not by_rule(result.findings, "render-failed"), describe(result.findings)
    assert sql_of(result, "0002_bill")[-1] == "ALTER TABLE orders ADD COLUMN bill_type billtype"


def test_an_inline_literal_of_a_stand_in_takes_its_name(tmp_path: Path) -> None:
    """ironic-inspector: ``op.inline_literal(istate.States.error)`` with the constant the
    application's: SQLAlchemy cannot write a stand-in as a literal."""
    body = """
    orders = sa.table("orders", sa.column("status", sa.String))
    op.execute(orders.update().values({"status": op.inline_literal(states.error)}))
    """
    write_project(
        tmp_path, [rev("0002_state", body, imports="from shopapp_not_installed import states")]
    )
    result = lint_paths([tmp_path])
    assert not by_rule(result.findings, "render-failed"), describe(result.findings)
    assert sql_of(result, "0002_state") == ["UPDATE orders SET status='error'"]


@pytest.mark.postgres
def test_a_question_to_the_dialect_goes_to_the_database(tmp_path: Path) -> None:
    """nbgrader: ``op.get_context().dialect.has_table(op.get_bind(), name)`` before creating
    a table. Offline the dialect refused migcheck's stand-in connection (ArgumentError), and
    the revision was reported unrenderable instead of being rendered on the database."""
    body = """
    if not op.get_context().dialect.has_table(op.get_bind(), "tags"):
        op.create_table("tags", sa.Column("id", sa.Integer(), primary_key=True))
    """
    _, rendered = _on_the_database(tmp_path, "0002_asks_dialect", body)
    [create] = rendered
    assert " ".join(create.split()) == "CREATE TABLE tags ( id SERIAL NOT NULL, PRIMARY KEY (id) )"


def test_a_model_with_a_stand_in_mixin_is_declared(tmp_path: Path) -> None:
    """superset c82ee8a39623, cloudkitty: a revision declares its own model on the
    application's mixin, ``class Tag(AuditMixin, Base)``, at module level. With the mixin a
    stand-in, Python refused the class (metaclass conflict) and nothing of the revision was
    checked. A class on a stand-in alone stays a stand-in type."""
    imports = """
    from sqlalchemy.orm import declarative_base

    from shopapp_not_installed import AuditMixin, types as app_types

    Base = declarative_base()


    class Tag(AuditMixin, Base):
        __tablename__ = "tags"
        id = sa.Column(sa.Integer, primary_key=True)


    class Money(app_types.Decimal):
        pass
    """
    body = f"""
    assert Tag.__table__.name == "tags"
    op.add_column("orders", sa.Column("price", Money(), nullable=True))
    {UNSAFE_INDEX}
    """
    write_project(tmp_path, [rev("0002_mixin", body, imports=imports)])
    result = lint_paths([tmp_path])
    assert not by_rule(result.findings, "render-failed"), describe(result.findings)
    assert sql_of(result, "0002_mixin") == [
        "ALTER TABLE orders ADD COLUMN price TEXT",
        "CREATE INDEX ix_orders_status ON orders (status)",
    ]


@pytest.mark.postgres
@pytest.mark.filterwarnings("ignore:The from_engine:sqlalchemy.exc.SADeprecationWarning")
def test_an_inspector_on_the_bind_reflects_on_the_database(tmp_path: Path) -> None:
    """neutron's *_rename_tenant_to_project (networking-bgpvpn, neutron-vpnaas,
    neutron-dynamic-routing): ``Inspector.from_engine(op.get_bind()).get_columns(table)``.
    Offline, SQLAlchemy picks the catalog query by server version, which it never learnt: a
    TypeError (None >= (12,)) made the revision unrenderable instead of going to the
    database, where the columns are read and each found one is renamed."""
    body = """
    from sqlalchemy.engine import reflection

    inspector = reflection.Inspector.from_engine(op.get_bind())
    for column in inspector.get_columns("orders"):
        if column["name"] == "note":
            op.alter_column(
                "orders", "note", new_column_name="remark", existing_type=column["type"]
            )
    """
    _, rendered = _on_the_database(tmp_path, "0002_inspector_rename", body)
    assert rendered == ["ALTER TABLE orders RENAME note TO remark"]


def test_a_revision_comparing_the_server_version_renders_offline(tmp_path: Path) -> None:
    """``if op.get_bind().dialect.server_version_info >= (11,)``: offline the version was None
    and the comparison a TypeError; it is the oldest version migcheck assumes (15)."""
    body = """
    if op.get_bind().dialect.server_version_info >= (11,):
        op.add_column("orders", sa.Column("paid", sa.Boolean(), server_default="false"))
    """
    write_project(tmp_path, [rev("0002_versioned", body)])
    result = lint_paths([tmp_path], offline_only=True)
    assert not by_rule(result.findings, "render-failed"), describe(result.findings)
    assert sql_of(result, "0002_versioned") == [
        "ALTER TABLE orders ADD COLUMN paid BOOLEAN DEFAULT 'false'"
    ]


def test_a_stand_in_log_level_is_accepted(tmp_path: Path) -> None:
    """lemur's 1db4f82bc780: ``handler.setLevel(current_app.config.get("LOG_LEVEL", "DEBUG"))``
    at module level, the config a stand-in: logging refused the level (TypeError) and the
    revision was not rendered."""
    write_project(
        tmp_path,
        [
            rev(
                "0002_leveled",
                UNSAFE_INDEX,
                imports="import logging\nfrom flask_missing import current_app\n"
                "log = logging.getLogger(__name__)\n"
                'log.setLevel(current_app.config.get("LOG_LEVEL", "DEBUG"))',
            )
        ],
    )
    result = lint_paths([tmp_path])
    assert not by_rule(result.findings, "render-failed"), describe(result.findings)
    assert sql_of(result, "0002_leveled") == ["CREATE INDEX ix_orders_status ON orders (status)"]


def test_a_stand_in_type_with_an_identity_is_an_integer_of_its_name(tmp_path: Path) -> None:
    """privacyidea's 0147d78cbace: ``sa.Column("id", BigIntegerType, sa.Identity())`` with the
    type from privacyidea's models (not importable). As TEXT the column was refused by
    PostgreSQL ("identity column type must be smallint, integer, or bigint"), and a foreign
    key from another column of that type to it could not be made either."""
    body = """
    op.create_table(
        "auth_log",
        sa.Column("id", BigIntegerType, sa.Identity(always=False), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_table(
        "auth_log_reason",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("auth_log_id", BigIntegerType, nullable=False),
        sa.ForeignKeyConstraint(["auth_log_id"], ["auth_log.id"]),
    )
    """
    write_project(
        tmp_path,
        [rev("0002_log", body, imports="from shopapp_not_installed import BigIntegerType")],
    )
    result = lint_paths([tmp_path])
    assert not by_rule(result.findings, "render-failed"), describe(result.findings)
    log, reason = sql_of(result, "0002_log")
    assert "id BIGINT GENERATED BY DEFAULT AS IDENTITY" in log, log
    assert "auth_log_id BIGINT NOT NULL" in reason, reason
    assert by_rule(result.findings, "render-approximate")


def test_a_column_made_by_a_stand_in_helper_is_the_one_the_key_names(tmp_path: Path) -> None:
    """privacyidea's 7d4e9b2c1a3f: ``op.create_table("t", sequence_id_column(op, "t_seq"),
    ..., sa.PrimaryKeyConstraint("id"))`` with the helper from privacyidea's models. SQLAlchemy
    left the stand-in out and the key named a column the table lacked: nothing rendered."""
    body = """
    op.create_table(
        "user_attribute",
        sequence_id_column(op, "user_attribute_seq"),
        sa.Column("key", sa.Unicode(255), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    """
    write_project(
        tmp_path,
        [rev("0002_attrs", body, imports="from shopapp_not_installed import sequence_id_column")],
    )
    result = lint_paths([tmp_path])
    assert not by_rule(result.findings, "render-failed"), describe(result.findings)
    [create] = sql_of(result, "0002_attrs")
    assert "id SERIAL NOT NULL" in create and "PRIMARY KEY (id)" in create, create


def test_a_stand_in_dialect_name_is_postgresql(tmp_path: Path) -> None:
    """meltano's 6828cc5b1a4f: ``sa.TIMESTAMP if get_dialect_name() == "postgresql" else
    sa.DATETIME`` with the helper from meltano (not importable). The stand-in equalled nothing,
    the MySQL branch was taken, and lint reported DATETIME as an error (not-postgresql)."""
    body = """
    dialect_name = get_dialect_name()
    op.add_column(
        "orders",
        sa.Column("updated_at", sa.TIMESTAMP if dialect_name == "postgresql" else sa.DATETIME),
    )
    if dialect_name != "sqlite" and dialect_name in ("postgresql", "postgres"):
        op.add_column("orders", sa.Column("checked_at", sa.TIMESTAMP))
    """
    write_project(
        tmp_path,
        [rev("0002_dialect", body, imports="from shopapp_not_installed import get_dialect_name")],
    )
    result = lint_paths([tmp_path])
    assert not by_rule(result.findings, "not-postgresql"), describe(result.findings)
    assert sql_of(result, "0002_dialect") == [
        "ALTER TABLE orders ADD COLUMN updated_at TIMESTAMP WITHOUT TIME ZONE",
        "ALTER TABLE orders ADD COLUMN checked_at TIMESTAMP WITHOUT TIME ZONE",
    ]


@pytest.mark.postgres
def test_a_foreign_key_to_another_projects_table_gets_a_placeholder(tmp_path: Path) -> None:
    """neutron's sub-projects (networking-sfc, -bgpvpn, -l2gw, neutron-vpnaas): their tables
    have foreign keys to neutron's ``ports``, which this history never creates. On lint's
    database the CREATE TABLE failed, and a later revision that reflects the table could not be
    rendered there ("reflects table port_chains, which the database does not have"). The
    missing table is made up with the referenced column, typed as the referencing one (read
    from the statement, or from the database for op.create_foreign_key)."""
    create = """
    op.create_table(
        "port_chains",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("port_id", sa.String(36), sa.ForeignKey("ports.id"), nullable=False),
        sa.Column("tenant_id", sa.String(255)),
        sa.Column("network_id", postgresql.UUID()),
    )
    op.create_foreign_key("fk_chains_network", "port_chains", "networks", ["network_id"], ["id"])
    """
    rename = """
    inspector = sa.inspect(op.get_bind())
    for column in inspector.get_columns("port_chains"):
        if column["name"] == "tenant_id":
            op.alter_column("port_chains", "tenant_id", new_column_name="project_id",
                            existing_type=column["type"])
    """
    write_project(
        tmp_path,
        [rev("0002_chains", create), revision("0003_rename", "0002_chains", rename)],
    )
    result = lint_paths([tmp_path], offline_only=False)
    assert not by_rule(result.findings, "render-failed"), describe(result.findings)
    assert sql_of(result, "0003_rename") == [
        "ALTER TABLE port_chains RENAME tenant_id TO project_id"
    ]


def test_an_option_env_py_would_pass_is_a_stand_in(tmp_path: Path) -> None:
    """aiida-core: ``op.get_context().opts["aiida_profile"]``, an option its env.py passes to
    ``context.configure()``. migcheck does not run env.py: it was a KeyError and 10 revisions
    were not rendered."""
    body = f"""
    profile = op.get_context().opts["aiida_profile"]
    repository = repository_path(profile)
    {UNSAFE_INDEX}
    """
    write_project(
        tmp_path,
        [rev("0002_profile", body, imports="from shopapp_not_installed import repository_path")],
    )
    result = lint_paths([tmp_path])
    assert not by_rule(result.findings, "render-failed"), describe(result.findings)
    assert sql_of(result, "0002_profile") == ["CREATE INDEX ix_orders_status ON orders (status)"]
    assert by_rule(result.findings, "render-approximate")


def test_a_stand_in_deciding_a_branch_renders_the_one_that_does_the_work(tmp_path: Path) -> None:
    """ckan guards 87 of its 110 revisions with ``if skip_based_on_legacy_engine_version(op,
    __name__): return``, the helper from ckan (not importable). A stand-in was true, so every
    guarded revision returned at once and lint saw 123 statements in 109 revisions. The other
    branch is rendered too and the one with statements kept; a guard whose true branch does the
    work keeps it."""
    skip = """
    if skip_based_on_legacy_engine_version(op, __name__):
        return
    op.create_index("ix_orders_note", "orders", ["note"])
    """
    feature = """
    if has_feature("notes"):
        op.create_index("ix_orders_placed_at", "orders", ["placed_at"])
    """
    imports = "from shopapp_not_installed import has_feature, skip_based_on_legacy_engine_version"
    write_project(
        tmp_path,
        [
            rev("0002_skip", skip, imports=imports),
            rev("0003_feature", feature, down="0002_skip", imports=imports),
        ],
    )
    result = lint_paths([tmp_path])
    assert sql_of(result, "0002_skip") == ["CREATE INDEX ix_orders_note ON orders (note)"]
    assert sql_of(result, "0003_feature") == [
        "CREATE INDEX ix_orders_placed_at ON orders (placed_at)"
    ]
    assert {(f.revision, f.rule) for f in by_rule(result.findings, "index-not-concurrent")} == {
        ("0002_skip", "index-not-concurrent"),
        ("0003_feature", "index-not-concurrent"),
    }
