"""``migcheck rename`` on real servers: the generated expand-contract revisions keep two
application versions working under load, lose no write, rebuild every constraint on the new
name, never hold ACCESS EXCLUSIVE for long, and roll back; the files pass lint and rehearse."""

from __future__ import annotations

import json
import random
import shutil
import threading
import time
import uuid
from collections.abc import Generator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
from helpers import INI, env_py, run_cli

if TYPE_CHECKING:
    import psycopg
    import sqlalchemy as sa

    from migcheck.model import Revision, Statement
    from migcheck.online import OnlineRunner
    from migcheck.rehearse.backends import Database
    from migcheck.rehearse.instruments import LockMonitor

SAMPLE = Path(__file__).resolve().parent.parent / "sample_migrations"
SAMPLE_HEAD = "6a9e4f1b3c82"  # CREATE INDEX CONCURRENTLY inside a transaction, on purpose

INITIAL_ROWS = 100_000
SUBSCRIBED = 10_000  # accounts 1..SUBSCRIBED have a subscription (FK to accounts.email)
MAX_ACCESS_EXCLUSIVE_MS = 100.0

# The schema under test; {email} is the renamed column. The reference database builds it with
# the new name from the start: after the contract, NEW must look exactly like that.
SCHEMA = """
CREATE TABLE countries (code varchar(2) PRIMARY KEY, name text NOT NULL);
INSERT INTO countries VALUES ('US', 'United States'), ('FR', 'France'), ('DE', 'Germany');
CREATE TABLE invitations (
    email varchar(120) PRIMARY KEY,
    sent_at timestamptz NOT NULL DEFAULT now()
);
CREATE TABLE accounts (
    id bigserial PRIMARY KEY,
    {email} varchar(120) NOT NULL DEFAULT 'unknown@example.invalid'
        CONSTRAINT ck_accounts_{email} CHECK ({email} LIKE '%@%' AND {email} <> 'no-email'),
    country_code varchar(2) REFERENCES countries (code),
    created_at timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT uq_accounts_{email} UNIQUE ({email}),
    CONSTRAINT fk_accounts_{email}_invitations FOREIGN KEY ({email})
        REFERENCES invitations (email) ON UPDATE CASCADE
);
CREATE INDEX ix_accounts_created_at_{email} ON accounts (created_at, {email});
CREATE INDEX ix_accounts_{email}_domain ON accounts (lower(split_part({email}, '@', 2)))
    WHERE {email} NOT LIKE '%.invalid';
CREATE TABLE subscriptions (
    id bigserial PRIMARY KEY,
    account_email varchar(120) NOT NULL,
    plan text NOT NULL,
    CONSTRAINT fk_subscriptions_account_{email} FOREIGN KEY (account_email)
        REFERENCES accounts ({email}) ON UPDATE CASCADE ON DELETE CASCADE
);
CREATE INDEX ix_subscriptions_account_email ON subscriptions (account_email);
"""


# A primary key renamed: referenced by another table and by the table itself, owning its sequence.
PK_SCHEMA = """
CREATE TABLE orders (
    {id} bigserial PRIMARY KEY,
    parent_id bigint,
    total_cents integer NOT NULL DEFAULT 0,
    CONSTRAINT fk_orders_parent FOREIGN KEY (parent_id) REFERENCES orders ({id})
);
CREATE TABLE order_items (
    id bigserial PRIMARY KEY,
    order_id bigint NOT NULL REFERENCES orders ({id}) ON DELETE CASCADE,
    sku text NOT NULL
);
CREATE INDEX ix_order_items_order_id ON order_items (order_id);
"""


def _schema_statements(template: str, **names: str) -> list[str]:
    return [s.strip() for s in template.format(**names).split(";") if s.strip()]


def _base_revision(statements: list[str]) -> str:
    body = "\n".join(f"    op.execute({s!r})" for s in statements)
    return (
        '"""the schema under test\n\nRevision ID: 0001_base\nRevises:\n"""\n\n'
        "from alembic import op\n\n"
        'revision = "0001_base"\n'
        "down_revision = None\n"
        "branch_labels = None\n"
        "depends_on = None\n\n\n"
        "def upgrade() -> None:\n"
        f"{body}\n\n\n"
        "def downgrade() -> None:\n"
        "    pass\n"
    )


def _write_project(root: Path, statements: list[str]) -> Path:
    """An Alembic project whose only revision, 0001_base, runs ``statements``."""
    versions = root / "migrations" / "versions"
    versions.mkdir(parents=True)
    (root / "alembic.ini").write_text(INI, encoding="utf-8")
    (root / "migrations" / "env.py").write_text(
        env_py(transaction_per_migration=True), encoding="utf-8"
    )
    (versions / "0001_base.py").write_text(_base_revision(statements), encoding="utf-8")
    return root


# --------------------------------------------------------------------------- catalog shapes


def column_shape(conn: psycopg.Connection[Any], table: str, column: str) -> dict[str, Any]:
    """What PostgreSQL knows about one column, names of indexes and constraints left out: its
    type, NOT NULL and default, the constraints on it, the indexes that use it (key, expression
    or predicate) and the foreign keys of other tables that point at it."""
    attnum = conn.execute(
        "SELECT attnum FROM pg_attribute WHERE attrelid = %s::regclass AND attname = %s"
        " AND NOT attisdropped",
        (table, column),
    ).fetchone()
    assert attnum is not None, f"{table}.{column} does not exist"
    definition = conn.execute(
        """
        SELECT format_type(a.atttypid, a.atttypmod), a.attnotnull, pg_get_expr(d.adbin, d.adrelid)
          FROM pg_attribute a
          LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
         WHERE a.attrelid = %s::regclass AND a.attnum = %s
        """,
        (table, attnum[0]),
    ).fetchone()
    constraints = conn.execute(
        """
        SELECT contype, pg_get_constraintdef(oid), convalidated FROM pg_constraint
         WHERE conrelid = %s::regclass AND %s = ANY(conkey) AND contype <> 'n'
        """,
        (table, attnum[0]),
    ).fetchall()
    indexes = conn.execute(
        """
        SELECT regexp_replace(pg_get_indexdef(i.indexrelid), 'INDEX \\S+ ON', 'INDEX ON'),
               i.indisvalid
          FROM pg_index i
         WHERE i.indrelid = %s::regclass AND EXISTS (
               SELECT FROM pg_depend d
                WHERE d.classid = 'pg_class'::regclass AND d.objid = i.indexrelid
                  AND d.refobjid = i.indrelid AND d.refobjsubid = %s)
        """,
        (table, attnum[0]),
    ).fetchall()
    referencing = conn.execute(
        """
        SELECT conrelid::regclass::text, pg_get_constraintdef(oid), convalidated
          FROM pg_constraint
         WHERE confrelid = %s::regclass AND %s = ANY(confkey) AND contype = 'f'
        """,
        (table, attnum[0]),
    ).fetchall()
    return {
        "definition": definition,
        "constraints": sorted(constraints),
        "indexes": sorted(indexes),
        "referencing": sorted(referencing),
    }


def schema_snapshot(conn: psycopg.Connection[Any]) -> dict[str, list[tuple[Any, ...]]]:
    """Every user column, constraint (with its name), index, trigger and function."""
    user = "n.nspname = 'public'"
    return {
        "columns": sorted(
            conn.execute(
                f"""
                SELECT c.relname, a.attname, format_type(a.atttypid, a.atttypmod), a.attnotnull,
                       pg_get_expr(d.adbin, d.adrelid)
                  FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid
                  JOIN pg_namespace n ON n.oid = c.relnamespace
                  LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
                 WHERE {user} AND c.relkind = 'r' AND a.attnum > 0 AND NOT a.attisdropped
                """
            ).fetchall()
        ),
        "constraints": sorted(
            conn.execute(
                f"""
                SELECT c.relname, k.conname, pg_get_constraintdef(k.oid), k.convalidated
                  FROM pg_constraint k JOIN pg_class c ON c.oid = k.conrelid
                  JOIN pg_namespace n ON n.oid = c.relnamespace WHERE {user}
                """
            ).fetchall()
        ),
        "indexes": sorted(
            conn.execute(
                "SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = 'public'"
            ).fetchall()
        ),
        "triggers": sorted(
            conn.execute("SELECT tgname FROM pg_trigger WHERE NOT tgisinternal").fetchall()
        ),
        "functions": sorted(
            conn.execute(
                "SELECT p.proname FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace"
                f" WHERE {user}"
            ).fetchall()
        ),
        "sequences": sorted(
            conn.execute(
                "SELECT s.seqrelid::regclass::text, d.refobjid::regclass::text, a.attname"
                "  FROM pg_sequence s"
                "  JOIN pg_depend d ON d.objid = s.seqrelid AND d.deptype = 'a'"
                "  JOIN pg_attribute a ON a.attrelid = d.refobjid AND a.attnum = d.refobjsubid"
            ).fetchall()
        ),
    }


@contextmanager
def scratch_database(server: Database) -> Generator[psycopg.Connection[Any], None, None]:
    """A connection (autocommit) to a new database on ``server``, dropped afterwards."""
    from psycopg import sql

    from migcheck.rehearse.backends import connect, with_dbname

    name = f"scratch_{uuid.uuid4().hex}"
    with connect(server, autocommit=True) as conn:
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    try:
        with connect(with_dbname(server, name), autocommit=True) as conn:
            yield conn
    finally:
        with connect(server, autocommit=True) as conn:
            conn.execute(sql.SQL("DROP DATABASE {} WITH (FORCE)").format(sql.Identifier(name)))


def reference_shape(
    server: Database, statements: list[str], table: str, column: str
) -> dict[str, Any]:
    """``column_shape`` of ``table.column`` in a database built with that name from the start."""
    with scratch_database(server) as conn:
        for statement in statements:
            conn.execute(statement.encode())
        return column_shape(conn, table, column)


# --------------------------------------------------------------------------- the applications


@dataclass
class Ledger:
    """What the applications wrote: the value each row of accounts must hold in the end."""

    expected: dict[int, str] = field(default_factory=dict)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def record(self, account_id: int, email: str) -> None:
        with self.lock:
            self.expected[account_id] = email


class App(threading.Thread):
    """One instance of the application: inserts accounts (an invitation first, in the same
    transaction, as the FK requires) and changes the email of its own share of the existing
    rows, writing only ``column``. Pausable, so the rows can be compared while it waits."""

    def __init__(
        self,
        conninfo: str,
        version: str,
        column: str,
        share: tuple[int, int],
        ledger: Ledger,
    ) -> None:
        super().__init__(name=f"{version}-app-{share[0]}", daemon=True)
        self.conninfo = conninfo
        self.version = version
        self.column = column
        self.share = share  # (index, count): updates rows whose id % count == index
        self.ledger = ledger
        self.inserts = 0
        self.updates = 0
        self.errors: list[str] = []
        self.stop = threading.Event()
        self.resume = threading.Event()
        self.resume.set()
        self.idle = threading.Event()
        self.random = random.Random(share[0])
        from psycopg import sql

        self._insert_account = sql.SQL(
            "INSERT INTO accounts ({}, country_code) VALUES (%s, 'FR') RETURNING id"
        ).format(sql.Identifier(column))
        self._update_account = sql.SQL("UPDATE accounts SET {} = %s WHERE id = %s").format(
            sql.Identifier(column)
        )

    def pause(self) -> None:
        self.resume.clear()
        assert self.idle.wait(10), f"{self.name} did not pause"

    def carry_on(self) -> None:
        self.idle.clear()
        self.resume.set()

    def run(self) -> None:
        import psycopg

        with psycopg.connect(self.conninfo, autocommit=True, application_name=self.name) as conn:
            while not self.stop.is_set():
                if not self.resume.is_set():
                    self.idle.set()
                    self.resume.wait(0.05)
                    continue
                try:
                    if self.random.random() < 0.5:
                        self._insert(conn)
                    else:
                        self._update(conn)
                except psycopg.Error as error:
                    self.errors.append(f"{self.name}: {error}".splitlines()[0])
                time.sleep(0.001)
        self.idle.set()

    def _email(self) -> str:
        return f"{self.version}-{uuid.uuid4().hex[:16]}@example.com"

    def _insert(self, conn: psycopg.Connection[Any]) -> None:
        email = self._email()
        with conn.transaction():
            conn.execute("INSERT INTO invitations (email) VALUES (%s)", (email,))
            row = conn.execute(self._insert_account, (email,)).fetchone()
        assert row is not None
        self.inserts += 1
        self.ledger.record(row[0], email)

    def _update(self, conn: psycopg.Connection[Any]) -> None:
        index, count = self.share
        account_id = self.random.randrange(1, INITIAL_ROWS // count) * count + index
        email = self._email()
        with conn.transaction():
            conn.execute("INSERT INTO invitations (email) VALUES (%s)", (email,))
            cursor = conn.execute(self._update_account, (email, account_id))
        assert cursor.rowcount == 1
        self.updates += 1
        self.ledger.record(account_id, email)


@contextmanager
def running(apps: list[App]) -> Generator[list[App], None, None]:
    for app in apps:
        app.start()
    try:
        yield apps
    finally:
        stop(apps)


def stop(apps: list[App]) -> None:
    for app in apps:
        app.stop.set()
        app.resume.set()
    for app in apps:
        app.join(timeout=30)
        assert not app.is_alive(), f"{app.name} is stuck"


# --------------------------------------------------------------------------- applying revisions


class LockObserver:
    """Feeds the lock monitor the statement boundaries of the applying connection, and notes
    when the migration let go of its locks (a commit or rollback, the end of a statement
    outside a transaction): a hold ends there at the latest, however late the monitor's
    thread (competing with the writers' threads for the interpreter) noticed it, as in
    ``migcheck rehearse``."""

    def __init__(self, monitor: LockMonitor) -> None:
        self.monitor = monitor
        self.statements: list[str] = []
        self.releases: list[float] = []

    def transaction_ends(self) -> None:
        self.releases.append(time.perf_counter())

    def before(self, statement: Statement, key: object) -> None:
        self.monitor.statement_started(len(self.statements))
        self.statements.append(statement.sql)

    def after(self, statement: Statement, seconds: float, rows: int) -> None:
        if not statement.in_transaction:
            self.releases.append(time.perf_counter())
        self.monitor.sample()

    def failed(self, statement: Statement, error: BaseException) -> None:
        if not statement.in_transaction:
            self.releases.append(time.perf_counter())

    def again(self, key: object) -> bool:
        return False  # every statement of the rename's backfill is watched on its own

    def ran_again(self, seconds: float, rows: int) -> None:  # pragma: no cover - never asked
        raise AssertionError("again() said no")
        self.monitor.sample()


@dataclass
class Applier:
    engine: sa.Engine
    connection: sa.Connection
    runner: OnlineRunner
    pid: int

    def apply(self, revisions: list[Revision], direction: str = "upgrade") -> None:
        for revision in revisions:
            results = self.runner.run([revision], direction=direction)
            assert results, f"{direction} {revision.id}: nothing ran"
            problem = results[-1].unit.problem
            assert results[-1].error is None, (
                f"{direction} {revision.id} failed: {problem.message if problem else results[-1].error}"
            )


@contextmanager
def applier(database: Database, project_root: Path) -> Generator[Applier, None, None]:
    import sqlalchemy as sa

    from migcheck.online import OnlineRunner
    from migcheck.project import find_project
    from migcheck.render import Loader

    project = find_project(project_root)
    engine = sa.create_engine(database.url, poolclass=sa.pool.NullPool)
    connection = engine.connect()
    pid = int(connection.exec_driver_sql("SELECT pg_backend_pid()").scalar() or 0)
    connection.rollback()
    runner = OnlineRunner(
        connection,
        Loader(sys_paths=[*project.sys_paths, project.root]),
        project.ini_file,
        transaction_per_migration=True,
    )
    try:
        yield Applier(engine, connection, runner, pid)
    finally:
        runner.close()
        connection.close()
        engine.dispose()


def revisions_of(project_root: Path, ids: list[str]) -> list[Revision]:
    from migcheck.project import find_project

    history = find_project(project_root).history
    return [history.revisions[i] for i in ids]


# --------------------------------------------------------------------------- 1. the proof


@pytest.mark.postgres
@pytest.mark.slow
@pytest.mark.timeout(600)
def test_column_rename_under_load_loses_nothing_and_never_blocks(
    tmp_path: Path, pg_server: Database, pg_database: Database
) -> None:
    from migcheck.rehearse.backends import connect
    from migcheck.rehearse.instruments import LockMonitor
    from migcheck.scaffold.rename import RenameRequest, rename

    root = _write_project(tmp_path / "project", _schema_statements(SCHEMA, email="email"))
    with applier(pg_database, root) as app_db:
        app_db.apply(revisions_of(root, ["0001_base"]))

    db = connect(pg_database, autocommit=True)
    try:
        db.execute(
            "INSERT INTO invitations (email) SELECT 'user' || g || '@example.com'"
            " FROM generate_series(1, %s) g",
            (INITIAL_ROWS,),
        )
        db.execute(
            "INSERT INTO accounts (email, country_code) SELECT 'user' || g || '@example.com',"
            " (ARRAY['US', 'FR', 'DE'])[1 + g %% 3] FROM generate_series(1, %s) g",
            (INITIAL_ROWS,),
        )
        db.execute(
            "INSERT INTO subscriptions (account_email, plan) SELECT email, 'pro'"
            " FROM accounts WHERE id <= %s",
            (SUBSCRIBED,),
        )
        db.execute("ANALYZE")
        original = column_shape(db, "accounts", "email")
        original_schema = schema_snapshot(db)
        ledger = Ledger({i: f"user{i}@example.com" for i in range(1, INITIAL_ROWS + 1)})

        result = rename(
            RenameRequest(
                project_path=root,
                kind="column",
                table="accounts",
                old="email",
                new="email_address",
                batch_size=2_000,
            )
        )
        steps = [w.revision for w in result.written]
        assert [w.plan.slug.split("_", 1)[0] for w in result.written] == [
            "expand",
            "backfill",
            "constraints",
            "validate",
            "contract",
        ]
        expand, backfill, constraints, validate, contract = revisions_of(root, steps)

        old_apps = [App(pg_database.conninfo, "old", "email", (i, 4), ledger) for i in range(2)]
        new_apps = [
            App(pg_database.conninfo, "new", "email_address", (i, 4), ledger) for i in (2, 3)
        ]
        tables = dict(
            db.execute(
                "SELECT relname, oid::int FROM pg_class WHERE relnamespace = 'public'::regnamespace"
                " AND relkind = 'r'"
            ).fetchall()
        )
        with applier(pg_database, root) as migration:
            monitor = LockMonitor(pg_database.conninfo, migration.pid, 0.002, set(tables.values()))
            migration.runner.observer = LockObserver(monitor)
            monitor.start()
            try:
                with running(old_apps):
                    time.sleep(0.5)
                    migration.apply([expand])
                    # The new version is deployed next to the old one.
                    for app in new_apps:
                        app.start()
                    time.sleep(0.5)
                    writes_before = [app.inserts + app.updates for app in old_apps + new_apps]
                    migration.apply([backfill])
                    writes_during = [
                        app.inserts + app.updates - before
                        for app, before in zip(old_apps + new_apps, writes_before, strict=True)
                    ]
                    migration.apply([constraints, validate])
                    time.sleep(0.5)
                # Every instance now runs the new code: the old application is gone.
                for app in new_apps:
                    app.pause()
                mismatched = db.execute(
                    "SELECT count(*) FROM accounts WHERE email IS DISTINCT FROM email_address"
                ).fetchone()
                before_contract = dict(db.execute("SELECT id, email FROM accounts").fetchall())
                expected_before_contract = dict(ledger.expected)
                for app in new_apps:
                    app.carry_on()
                time.sleep(0.3)
                migration.apply([contract])
                time.sleep(0.5)
            finally:
                stop(new_apps)
                monitor.stop()

        errors = [e for app in [*old_apps, *new_apps] for e in app.errors]
        assert errors == [], errors[:5]
        writes = {
            f"{version} {kind}": sum(getattr(a, kind) for a in apps)
            for version, apps in (("old", old_apps), ("new", new_apps))
            for kind in ("inserts", "updates")
        }
        assert all(count > 0 for count in writes.values()), writes
        assert all(count > 0 for count in writes_during), writes_during  # raced the backfill
        inserted = sum(app.inserts for app in [*old_apps, *new_apps])

        # OLD == NEW for every row while both existed, and each equal to the last write.
        assert mismatched == (0,)
        assert before_contract == expected_before_contract

        # No row lost; every write of either version is in NEW.
        final = dict(db.execute("SELECT id, email_address FROM accounts").fetchall())
        assert len(final) == INITIAL_ROWS + inserted
        assert final == ledger.expected
        cascaded = db.execute(
            "SELECT count(*) FROM subscriptions s LEFT JOIN accounts a"
            " ON a.email_address = s.account_email WHERE a.id IS NULL"
        ).fetchone()
        assert cascaded == (0,)

        # NEW has exactly what OLD had; OLD, the trigger and its function are gone.
        assert column_shape(db, "accounts", "email_address") == reference_shape(
            pg_server,
            _schema_statements(SCHEMA, email="email_address"),
            "accounts",
            "email_address",
        )
        renamed = schema_snapshot(db)
        assert not [c for c in renamed["columns"] if c[1] == "email" and c[0] == "accounts"]
        assert renamed["triggers"] == []
        assert renamed["functions"] == []

        # No statement held ACCESS EXCLUSIVE for more than 100 ms on any table.
        exclusive = [lock for lock in monitor.locks if lock.mode == "AccessExclusiveLock"]
        assert exclusive, "the monitor saw no ACCESS EXCLUSIVE lock at all"
        observer = migration.runner.observer
        assert isinstance(observer, LockObserver)
        now, releases = time.perf_counter(), sorted(observer.releases)
        longest = max(exclusive, key=lambda lock: lock.held_ms(now, releases))
        longest_ms = longest.held_ms(now, releases)
        assert longest_ms <= MAX_ACCESS_EXCLUSIVE_MS, (
            f"ACCESS EXCLUSIVE on {longest.table} for {longest_ms:.0f} ms, from "
            f"{observer.statements[longest.statement] if longest.statement >= 0 else '?'}"
        )
        print(
            "\nrename under load:",
            json.dumps(
                {
                    "initial rows": INITIAL_ROWS,
                    **writes,
                    "final rows": len(final),
                    "max ACCESS EXCLUSIVE ms": round(longest_ms, 1),
                    "on": longest.table,
                    "writes during the backfill, per instance": writes_during,
                    "ACCESS EXCLUSIVE holds": [
                        f"{lock.table} {lock.held_ms(time.perf_counter()):.1f} ms: "
                        f"{observer.statements[lock.statement][:60]}"
                        for lock in exclusive
                    ],
                },
                indent=1,
            ),
        )

        # Every downgrade, newest first, brings back the original column and schema.
        with applier(pg_database, root) as migration:
            migration.apply(
                [contract, validate, constraints, backfill, expand], direction="downgrade"
            )
        assert column_shape(db, "accounts", "email") == original
        assert schema_snapshot(db) == original_schema
        assert dict(db.execute("SELECT id, email FROM accounts").fetchall()) == final
        assert db.execute("SELECT version_num FROM alembic_version").fetchall() == [("0001_base",)]
    finally:
        db.close()


# --------------------------------------------------------------------------- primary key, table


@pytest.mark.postgres
@pytest.mark.slow
@pytest.mark.timeout(300)
def test_primary_key_rename_moves_the_key_and_its_sequence_and_rolls_back(
    tmp_path: Path, pg_server: Database, pg_database: Database
) -> None:
    from migcheck.rehearse.backends import connect
    from migcheck.scaffold.rename import RenameRequest, rename

    root = _write_project(tmp_path / "project", _schema_statements(PK_SCHEMA, id="id"))
    with applier(pg_database, root) as migration:
        migration.apply(revisions_of(root, ["0001_base"]))
    with connect(pg_database, autocommit=True) as db:
        db.execute(
            "INSERT INTO orders (parent_id, total_cents)"
            " SELECT nullif(g - 1, 0), g FROM generate_series(1, 5000) g"
        )
        db.execute(
            "INSERT INTO order_items (order_id, sku)"
            " SELECT 1 + g % 5000, 'sku-' || g FROM generate_series(1, 10000) g"
        )
        original_schema = schema_snapshot(db)
        result = rename(
            RenameRequest(
                project_path=root,
                kind="column",
                table="orders",
                old="id",
                new="order_id",
                batch_size=1000,
            )
        )
        expand, *middle, contract = revisions_of(root, [w.revision for w in result.written])
        with applier(pg_database, root) as migration:
            migration.apply([expand])
            # Old code omits id (its default numbers it); new code may omit order_id too.
            old_row = db.execute(
                "INSERT INTO orders (total_cents) VALUES (1) RETURNING id, order_id"
            ).fetchone()
            new_row = db.execute(
                "INSERT INTO orders (order_id, total_cents)"
                " VALUES (nextval('orders_id_seq'), 2) RETURNING id, order_id"
            ).fetchone()
            assert old_row is not None and old_row[0] == old_row[1] == 5001
            # (id's default draws a number too, overwritten by the trigger: a gap, no harm)
            assert new_row is not None and new_row[0] == new_row[1] > 5001
            migration.apply([*middle, contract])
        reference = [
            *_schema_statements(PK_SCHEMA, id="order_id"),
            "ALTER SEQUENCE orders_order_id_seq RENAME TO orders_id_seq",
        ]
        assert column_shape(db, "orders", "order_id") == reference_shape(
            pg_server, reference, "orders", "order_id"
        )
        assert db.execute(
            "SELECT pg_get_constraintdef(oid) FROM pg_constraint WHERE conname = 'orders_pkey'"
        ).fetchall() == [("PRIMARY KEY (order_id)",)]
        assert db.execute("SELECT pg_get_serial_sequence('orders', 'order_id')").fetchone() == (
            "public.orders_id_seq",
        )
        new_code = db.execute(
            "INSERT INTO orders (total_cents) VALUES (3) RETURNING order_id"
        ).fetchone()
        assert new_code is not None and new_code[0] > new_row[0]
        rows = dict(db.execute("SELECT order_id, total_cents FROM orders").fetchall())
        assert len(rows) == 5003

        with applier(pg_database, root) as migration:
            migration.apply(
                list(reversed(revisions_of(root, [w.revision for w in result.written]))),
                direction="downgrade",
            )
        assert schema_snapshot(db) == original_schema
        assert dict(db.execute("SELECT id, total_cents FROM orders").fetchall()) == rows


@pytest.mark.postgres
@pytest.mark.slow
@pytest.mark.timeout(300)
def test_without_an_integer_key_the_backfill_walks_the_pages_once(
    tmp_path: Path, pg_database: Database
) -> None:
    from migcheck.rehearse.backends import connect
    from migcheck.scaffold.rename import RenameRequest, rename

    schema = [
        "CREATE TABLE tags (name text PRIMARY KEY, label text NOT NULL, uses integer)",
        "CREATE INDEX ix_tags_label ON tags (label)",
    ]
    root = _write_project(tmp_path / "project", schema)
    with applier(pg_database, root) as migration:
        migration.apply(revisions_of(root, ["0001_base"]))
    with connect(pg_database, autocommit=True) as db:
        db.execute(
            "INSERT INTO tags SELECT md5(g::text), 'label ' || g, g FROM generate_series(1, 30000) g"
        )
        # Dead tuples and free space: the pages are not simply full of live rows in key order.
        db.execute("UPDATE tags SET uses = uses + 1 WHERE uses % 3 = 0")
        db.execute("DELETE FROM tags WHERE uses % 7 = 0")
        rows = dict(db.execute("SELECT name, label FROM tags").fetchall())
        result = rename(
            RenameRequest(
                project_path=root,
                kind="column",
                table="tags",
                old="label",
                new="title",
                batch_size=1000,
            )
        )
        revisions = revisions_of(root, [w.revision for w in result.written])
        assert "ctid" in result.written[1].source
        with applier(pg_database, root) as migration:
            migration.apply(revisions[:2])
            assert dict(db.execute("SELECT name, title FROM tags").fetchall()) == rows
            migration.apply(revisions[2:])
            assert dict(db.execute("SELECT name, title FROM tags").fetchall()) == rows
            migration.apply(list(reversed(revisions)), direction="downgrade")
        assert dict(db.execute("SELECT name, label FROM tags").fetchall()) == rows


@pytest.mark.postgres
@pytest.mark.slow
@pytest.mark.timeout(300)
def test_table_rename_keeps_the_old_name_working_through_a_view(
    tmp_path: Path, pg_database: Database
) -> None:
    from psycopg import sql

    from migcheck.rehearse.backends import connect
    from migcheck.scaffold.rename import RenameRequest, rename

    root = _write_project(tmp_path / "project", _schema_statements(SCHEMA, email="email"))
    with applier(pg_database, root) as migration:
        migration.apply(revisions_of(root, ["0001_base"]))
    role = f"app_{uuid.uuid4().hex[:12]}"
    with connect(pg_database, autocommit=True) as db:
        db.execute(
            "INSERT INTO invitations (email) SELECT 'user' || g || '@example.com'"
            " FROM generate_series(1, 1000) g"
        )
        db.execute(
            "INSERT INTO accounts (email) SELECT 'user' || g || '@example.com'"
            " FROM generate_series(1, 1000) g"
        )
        db.execute(sql.SQL("CREATE ROLE {}").format(sql.Identifier(role)))
        try:
            db.execute(
                sql.SQL(
                    "GRANT SELECT, INSERT, UPDATE, DELETE ON accounts, invitations TO {0};"
                    " GRANT USAGE ON SEQUENCE accounts_id_seq TO {0}"
                ).format(sql.Identifier(role))
            )
            original_schema = schema_snapshot(db)
            result = rename(
                RenameRequest(
                    project_path=root, kind="table", table="accounts", old="accounts", new="members"
                )
            )
            rename_revision, contract = revisions_of(root, [w.revision for w in result.written])
            with applier(pg_database, root) as migration:
                migration.apply([rename_revision])

            # The old application, as its own role, keeps using the old name.
            db.execute(sql.SQL("SET ROLE {}").format(sql.Identifier(role)))
            db.execute("INSERT INTO invitations (email) VALUES ('old@example.com')")
            inserted = db.execute(
                "INSERT INTO accounts (email) VALUES ('old@example.com')"
                " RETURNING id, created_at IS NOT NULL"
            ).fetchone()
            assert inserted == (1001, True)  # the table's defaults apply through the view
            db.execute("UPDATE accounts SET country_code = 'FR' WHERE id = 1")
            db.execute("DELETE FROM accounts WHERE id = 2")
            db.execute("RESET ROLE")
            assert db.execute(
                "SELECT count(*), count(*) FILTER (WHERE country_code = 'FR') FROM members"
            ).fetchone() == (1000, 1)
            assert db.execute("SELECT count(*) FROM accounts").fetchone() == (1000,)
            assert db.execute(
                "SELECT confrelid::regclass::text FROM pg_constraint"
                " WHERE conname = 'fk_subscriptions_account_email'"
            ).fetchone() == ("members",)

            with applier(pg_database, root) as migration:
                migration.apply([contract])
            assert db.execute("SELECT to_regclass('accounts')").fetchone() == (None,)

            with applier(pg_database, root) as migration:
                migration.apply([contract, rename_revision], direction="downgrade")
            assert schema_snapshot(db) == original_schema
            assert db.execute("SELECT count(*) FROM accounts").fetchone() == (1000,)
        finally:
            db.execute("RESET ROLE")
            db.execute(sql.SQL("DROP OWNED BY {}").format(sql.Identifier(role)))
            db.execute(sql.SQL("DROP ROLE {}").format(sql.Identifier(role)))


# --------------------------------------------------------------------------- 2. the CLI on the sample


@pytest.mark.postgres
@pytest.mark.slow
@pytest.mark.timeout(900)
def test_renames_of_the_sample_pass_lint_and_rehearse(tmp_path: Path) -> None:
    project = tmp_path / "shop"
    shutil.copytree(SAMPLE, project, ignore=shutil.ignore_patterns("__pycache__"))
    versions = project / "migrations" / "versions"
    before = set(versions.glob("*.py"))

    dry = run_cli(
        "rename", "column", "users", "email", "email_address", "--project", str(project),
        "--dry-run", timeout=300,
    )  # fmt: skip
    assert dry.code == 0, dry.stderr
    assert set(versions.glob("*.py")) == before, "--dry-run wrote files"
    assert dry.stdout.count("def upgrade() -> None:") == 5
    # The sample's head cannot run in a transaction: the replay says so and goes on.
    assert f"revision {SAMPLE_HEAD} cannot run in a transaction" in " ".join(dry.stderr.split())

    column = run_cli(
        "rename", "column", "users", "email", "email_address", "--project", str(project),
        "--message", "JIRA-12", timeout=300,
    )  # fmt: skip
    assert column.code == 0, column.stderr
    table = run_cli(
        "rename", "table", "coupons", "discount_codes", "--project", str(project), timeout=300
    )
    assert table.code == 0, table.stderr
    written = set(versions.glob("*.py")) - before
    assert len(written) == 7
    for path in written:
        assert path.name in column.stdout + table.stdout

    lint = run_cli(
        "lint", str(project), "--offline-only", "--no-cache", "--format", "json",
        "--fail-on", "never",
    )  # fmt: skip
    assert lint.code == 0, lint.stderr
    findings = json.loads(lint.stdout)["findings"]
    on_written = [f for f in findings if Path(f["file"]) in written]
    assert on_written, "the lint saw none of the written files"
    problems = [
        f"{Path(f['file']).name}:{f['line']} {f['severity']}[{f['rule']}] {f['message']}"
        for f in on_written
        if f["severity"] != "info"
    ]
    assert problems == []
    # The lint's finding on a hand-written rename names the command that writes these files.
    assert any("`migcheck rename column users name full_name`" in f["message"] for f in findings)
    expand = next(path for path in written if "_expand_" in path.name)
    assert expand.read_text().startswith('"""JIRA-12: expand: add users.email_address')

    rehearse = run_cli(
        "rehearse", str(project), "--backend", "embedded", "--from", SAMPLE_HEAD,
        "--rows", "20000", timeout=600,
    )  # fmt: skip
    assert rehearse.code == 0, rehearse.stdout[-3000:] + rehearse.stderr[-3000:]
    assert "rehearsal passed" in rehearse.stdout + rehearse.stderr


def test_start_schema_lets_rename_read_a_table_no_revision_makes(tmp_path: Path) -> None:
    """A history whose first revision alters a table create_all() made: the replay fails on
    it alone (and says what to do); with the schema handed over it reads the table."""
    from helpers import revision, write_project

    from migcheck.errors import MigcheckError
    from migcheck.scaffold.rename import RenameRequest, rename

    first = revision("a1_score", None, 'op.add_column("jobpost", sa.Column("score", sa.Integer()))')
    project = write_project(tmp_path / "app", [first], with_base=False).root
    request = RenameRequest(project, "column", "jobpost", "title", "headline", dry_run=True)
    with pytest.raises(MigcheckError, match=r"42P01.*--start-schema"):
        rename(request)
    dump = tmp_path / "schema.sql"
    dump.write_text(
        "\\restrict k3y\nSELECT pg_catalog.set_config('search_path', '', false);\n"
        "CREATE TABLE public.jobpost (id integer PRIMARY KEY, title text NOT NULL);\n"
        "\\unrestrict k3y\n"
    )
    request.start_schema = dump
    result = rename(request)
    assert list(result.table.columns) == ["id", "title", "score"]
    assert len(result.written) == 5
    # Stamped at a1_score: the dump is production's, which has score already.
    dump.write_text(
        "CREATE TABLE public.jobpost (id integer PRIMARY KEY, title text NOT NULL, score int);\n"
    )
    request.from_revision = "a1_score"
    assert list(rename(request).table.columns) == ["id", "title", "score"]


def test_a_history_replayed_with_stand_ins_is_said_to_be(tmp_path: Path) -> None:
    """A revision that imports the application (not installed here) is replayed with
    stand-ins: the rename says so, since the table it read may differ from production's."""
    from helpers import revision, write_project

    from migcheck.scaffold.rename import RenameRequest, rename

    body = 'op.add_column("orders", sa.Column("channel", shopapp_missing.ChannelType()))'
    project = write_project(
        tmp_path, [revision("0002_channel", "0001_base", body, imports="import shopapp_missing")]
    )
    notes: list[str] = []
    result = rename(
        RenameRequest(
            project_path=project.root,
            kind="column",
            table="orders",
            old="note",
            new="remark",
            dry_run=True,
        ),
        say=notes.append,
    )
    assert result.written
    assert any("0002_channel" in n and "stand-ins" in n for n in notes), notes
