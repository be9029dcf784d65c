"""Tests for migcheck.rehearse.seed: planning order, realistic and valid rows, production stats."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any, LiteralString, cast

import pytest

from migcheck.errors import BackendError, ConfigError
from migcheck.rehearse.seed import (
    DEFAULT_NULL_FRACTION,
    WORKERS_ENV,
    SeedResult,
    TablePlan,
    _parse_check,
    _Rules,
    plan_seed,
    read_production_stats,
    seed,
    seed_workers,
)

if TYPE_CHECKING:
    import psycopg

    from migcheck.rehearse.backends import Database


SHOP = """
CREATE TYPE order_status AS ENUM ('new', 'paid', 'shipped', 'cancelled');
CREATE DOMAIN positive_money AS numeric(12, 2) CHECK (VALUE > 0);
CREATE TABLE users (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    email varchar(255) NOT NULL UNIQUE,
    name text NOT NULL,
    age int CHECK (age BETWEEN 18 AND 120),
    country char(2),
    tier text NOT NULL DEFAULT 'free' CHECK (tier IN ('free', 'pro', 'enterprise')),
    tags text[],
    settings jsonb NOT NULL DEFAULT '{}',
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz,
    CHECK (updated_at >= created_at)
);
CREATE TABLE products (
    sku text PRIMARY KEY,
    title text NOT NULL,
    price numeric(10, 2) NOT NULL CHECK (price > 0),
    weight real
);
CREATE TABLE orders (
    id serial PRIMARY KEY,
    user_id bigint NOT NULL REFERENCES users (id),
    status order_status NOT NULL DEFAULT 'new',
    total positive_money NOT NULL,
    note text,
    placed_at timestamptz NOT NULL,
    shipped_at timestamptz,
    CHECK (shipped_at IS NULL OR shipped_at >= placed_at)
);
CREATE INDEX orders_user_id_idx ON orders (user_id);
COMMENT ON INDEX orders_user_id_idx IS 'orders of a user';
CREATE TABLE order_items (
    order_id int NOT NULL REFERENCES orders (id) ON DELETE CASCADE,
    line_no smallint NOT NULL CHECK (line_no >= 1),
    product_sku text NOT NULL REFERENCES products (sku),
    quantity int NOT NULL CHECK (quantity > 0),
    unit_price numeric(10, 2) NOT NULL,
    amount numeric(12, 2) GENERATED ALWAYS AS (quantity * unit_price) STORED,
    PRIMARY KEY (order_id, line_no)
);
COMMENT ON CONSTRAINT order_items_pkey ON order_items IS 'one row per line';
CREATE TABLE alembic_version (version_num varchar(32) PRIMARY KEY);
"""

SHOP_FOREIGN_KEYS = [
    ("orders", "user_id", "users", "id"),
    ("order_items", "order_id", "orders", "id"),
    ("order_items", "product_sku", "products", "sku"),
]

# The schema as PostgreSQL describes it: seeding drops and recreates indexes and keys, and must
# leave all of this exactly as it was.
SCHEMA_SNAPSHOT = """
SELECT 'constraint', conrelid::regclass::text, conname,
       pg_get_constraintdef(oid) || coalesce(' -- ' || obj_description(oid, 'pg_constraint'), '')
FROM pg_constraint WHERE connamespace = 'public'::regnamespace
UNION ALL
SELECT 'index', indrelid::regclass::text, indexrelid::regclass::text,
       pg_get_indexdef(indexrelid) || coalesce(' -- ' || obj_description(indexrelid, 'pg_class'), '')
FROM pg_index WHERE indrelid IN (SELECT oid FROM pg_class WHERE relnamespace = 'public'::regnamespace)
UNION ALL
SELECT 'column', attrelid::regclass::text, attname,
       format_type(atttypid, atttypmod) || ' ' || attnotnull::text
FROM pg_attribute
WHERE attnum > 0 AND NOT attisdropped
  AND attrelid IN (SELECT oid FROM pg_class WHERE relnamespace = 'public'::regnamespace
                   AND relkind IN ('r', 'p'))
ORDER BY 1, 2, 3
"""


# ---------------------------------------------------------------------------------------------
# Helpers
# ---------------------------------------------------------------------------------------------


def _sql(text: str) -> LiteralString:
    return cast("LiteralString", text)


@pytest.fixture
def conn(pg_database: Database) -> Iterator[psycopg.Connection[Any]]:
    from migcheck.rehearse.backends import connect

    with connect(pg_database) as connection:
        yield connection


@pytest.fixture
def role(conn: psycopg.Connection[Any]) -> Iterator[str]:
    """A login role with a unique name (roles are server-wide), dropped after the test."""
    import uuid

    name = f"seed_role_{uuid.uuid4().hex[:12]}"
    conn.execute(_sql(f"CREATE ROLE {name} LOGIN PASSWORD 'role-pw-123'"))
    conn.commit()
    try:
        yield name
    finally:
        conn.rollback()
        conn.execute(_sql(f"DROP OWNED BY {name} CASCADE"))
        conn.execute(_sql(f"DROP ROLE {name}"))
        conn.commit()


def _create(conn: psycopg.Connection[Any], ddl: str) -> None:
    conn.execute(_sql(ddl))
    conn.commit()


def _one(conn: psycopg.Connection[Any], query: str) -> Any:
    row = conn.execute(_sql(query)).fetchone()
    assert row is not None
    return row[0] if len(row) == 1 else row


def _orphans(conn: psycopg.Connection[Any], child: str, column: str, parent: str, key: str) -> int:
    return _one(
        conn,
        f"SELECT count(*) FROM {child} c WHERE c.{column} IS NOT NULL "
        f"AND NOT EXISTS (SELECT 1 FROM {parent} p WHERE p.{key} = c.{column})",
    )


def _null_share(conn: psycopg.Connection[Any], table: str, column: str) -> float:
    return float(_one(conn, f"SELECT avg(({column} IS NULL)::int) FROM {table}"))


@pytest.fixture(params=[False, True], ids=["insert", "relay"])
def scratch(request: pytest.FixtureRequest, pg_database: Database) -> str | None:
    """Both ways rows get in: INSERT (no scratch directory) and the COPY relay through the
    embedded server's scratch directory."""
    return pg_database.scratch_dir if request.param else None


def _relayed_files(scratch: str | None) -> list[Path]:
    """The relay's chunk files in ``scratch`` (none when it was not used); each must be empty
    again."""
    if scratch is None:
        return []
    files = sorted(Path(scratch).glob("migcheck-seed-*.bin"))
    assert [f.name for f in files if f.stat().st_size > 0] == []
    return files


def _seed_shop(conn: psycopg.Connection[Any], rows: int, **kwargs: Any) -> SeedResult:
    _create(conn, SHOP)
    plans = plan_seed(conn, default_rows=rows, rows={"products": 300})
    return seed(conn, plans, **kwargs)


# ---------------------------------------------------------------------------------------------
# CHECK parsing (no database)
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("expression", "column", "expected"),
    [
        ("(price > (0)::numeric)", "price", {"low": 0.0, "low_inclusive": False}),
        (
            "((b >= '-1'::integer) AND (b <= 10))",
            "b",
            {"low": -1.0, "high": 10.0, "low_inclusive": True, "high_inclusive": True},
        ),
        (
            "((s)::text = ANY ((ARRAY['x'::character varying, 'y''z'::character varying])::text[]))",
            "s",
            {"allowed": ["x", "y'z"]},
        ),
        (
            "(status = ANY (ARRAY['new'::order_status, 'paid'::order_status]))",
            "status",
            {"allowed": ["new", "paid"]},
        ),
        (
            "((char_length(e) >= 2) AND (char_length(e) <= 5))",
            "e",
            {"min_length": 2, "max_length": 5},
        ),
        ("(code IS NOT NULL)", "code", {"not_null": True}),
        (
            "((password_hash IS NULL) = (password_salt IS NULL))",
            "password_salt",
            {"null_links": [("password_hash", True)]},
        ),
        (
            "((expires_at IS NOT NULL) <> (revoked_at IS NULL))",
            "expires_at",
            {"null_links": [("revoked_at", True)]},
        ),
        ('(("a" IS NULL) <> (b IS NULL))', "b", {"null_links": [("a", False)]}),
        (
            "((shipped_at IS NULL) OR (shipped_at >= placed_at))",
            "shipped_at",
            {"above": [("placed_at", False)]},
        ),
        ('("Qty" < 100)', "Qty", {"high": 100.0, "high_inclusive": False}),
    ],
)
def test_parse_check_understands_common_deparsed_forms(
    expression: str, column: str, expected: dict[str, Any]
) -> None:
    rules: dict[str, _Rules] = {}
    assert _parse_check(expression, rules)
    for attribute, value in expected.items():
        assert getattr(rules[column], attribute) == value


def test_parse_check_maps_domain_value_and_admits_what_it_does_not_understand() -> None:
    rules: dict[str, _Rules] = {}
    assert _parse_check("(VALUE > (0)::numeric)", rules, value_name="total")
    assert rules["total"].low == 0.0
    assert not _parse_check("(weird ~ '^[a-z]+$'::text)", {})


# ---------------------------------------------------------------------------------------------
# plan_seed
# ---------------------------------------------------------------------------------------------


@pytest.mark.postgres
def test_plan_puts_parents_first_and_applies_row_overrides(conn: psycopg.Connection[Any]) -> None:
    _create(conn, SHOP)
    plans = plan_seed(conn, default_rows=100, rows={"products": 7, "public.orders": 50})
    order = [plan.table for plan in plans]
    assert set(order) == {"public.users", "public.products", "public.orders", "public.order_items"}
    assert "public.alembic_version" not in order  # excluded by default
    for child, _, parent, _ in SHOP_FOREIGN_KEYS:
        assert order.index(f"public.{parent}") < order.index(f"public.{child}")
    rows = {plan.table: plan.rows for plan in plans}
    assert rows == {
        "public.users": 100,
        "public.products": 7,
        "public.orders": 50,
        "public.order_items": 100,
    }
    assert all(isinstance(plan, TablePlan) for plan in plans)


@pytest.mark.postgres
def test_plan_rejects_unknown_tables_and_leaves_out_zero_rows(
    conn: psycopg.Connection[Any],
) -> None:
    _create(conn, SHOP)
    with pytest.raises(ConfigError, match="ordrs"):
        plan_seed(conn, default_rows=10, rows={"ordrs": 5})
    plans = plan_seed(conn, default_rows=10, rows={"order_items": 0}, exclude=("users",))
    assert {plan.table for plan in plans} == {
        "public.products",
        "public.orders",
        "public.alembic_version",
    }


@pytest.mark.postgres
def test_plan_breaks_a_cycle_at_the_nullable_foreign_key(conn: psycopg.Connection[Any]) -> None:
    _create(
        conn,
        """
        CREATE TABLE teams (id bigserial PRIMARY KEY, captain_id bigint);
        CREATE TABLE players (id bigserial PRIMARY KEY,
                              team_id bigint NOT NULL REFERENCES teams (id));
        ALTER TABLE teams ADD FOREIGN KEY (captain_id) REFERENCES players (id);
        """,
    )
    plans = plan_seed(conn, default_rows=200)
    assert [plan.table for plan in plans] == ["public.teams", "public.players"]
    result = seed(conn, plans)
    assert result.tables == {"public.teams": 200, "public.players": 200}
    assert _one(conn, "SELECT count(captain_id) FROM teams") == 0  # left NULL in the cycle
    assert any("teams_captain_id_fkey left NULL" in warning for warning in result.warnings)
    assert _orphans(conn, "players", "team_id", "teams", "id") == 0


# ---------------------------------------------------------------------------------------------
# seed: a realistic schema
# ---------------------------------------------------------------------------------------------


@pytest.mark.postgres
def test_seed_fills_every_table_with_valid_rows(
    conn: psycopg.Connection[Any], scratch: str | None
) -> None:
    before = set(_relayed_files(scratch))
    progress: list[tuple[str, int, int]] = []
    result = _seed_shop(
        conn, 5_000, on_progress=lambda *call: progress.append(call), scratch_dir=scratch
    )
    # The relay was used for every table but users (jsonb and array columns are cheaper to
    # INSERT), one file per chunk, emptied; or it was not asked for.
    assert len(set(_relayed_files(scratch)) - before) == (3 if scratch else 0)

    assert result.warnings == []
    assert result.tables == {
        "public.products": 300,
        "public.users": 5_000,
        "public.orders": 5_000,
        "public.order_items": 5_000,
    }
    assert result.total_rows == 15_300
    assert result.seconds > 0
    for table, count in result.tables.items():
        assert _one(conn, f"SELECT count(*) FROM {table}") == count
        assert (table, count, count) in progress

    # Foreign keys: every value exists in the parent (and the constraints are back in place).
    for child, column, parent, key in SHOP_FOREIGN_KEYS:
        assert _orphans(conn, child, column, parent, key) == 0
        assert _one(conn, f"SELECT count(DISTINCT {column}) FROM {child}") > 100

    # PRIMARY KEY / UNIQUE: distinct values.
    assert _one(conn, "SELECT count(DISTINCT email) FROM users") == 5_000
    assert _one(conn, "SELECT count(DISTINCT sku) FROM products") == 300
    assert _one(conn, "SELECT count(DISTINCT (order_id, line_no)) FROM order_items") == 5_000

    # Identity and serial columns were numbered by their sequences, which moved on.
    assert _one(conn, "SELECT min(id), max(id) FROM users") == (1, 5_000)
    assert _one(conn, "SELECT min(id), max(id) FROM orders") == (1, 5_000)
    new_user = "INSERT INTO users (email, name) VALUES ('new@example.com', 'New') RETURNING id"
    assert _one(conn, new_user) == 5_001
    conn.rollback()

    # NOT NULL columns have no NULLs; nullable ones have some (about DEFAULT_NULL_FRACTION).
    assert _one(conn, "SELECT count(*) FROM users WHERE name IS NULL OR settings IS NULL") == 0
    for table, column in [("users", "age"), ("users", "tags"), ("orders", "note")]:
        share = _null_share(conn, table, column)
        assert DEFAULT_NULL_FRACTION / 2 < share < DEFAULT_NULL_FRACTION * 2, (column, share)

    # CHECK constraints: IN lists, ranges, a domain's CHECK, column order.
    assert _one(conn, "SELECT count(DISTINCT tier) FROM users") == 3
    assert _one(conn, "SELECT (min(age) >= 18 AND max(age) <= 120) FROM users")
    assert _one(conn, "SELECT min(price) > 0 FROM products")
    assert _one(conn, "SELECT min(total) > 0 FROM orders")
    assert _one(conn, "SELECT min(quantity) >= 1 AND min(line_no) >= 1 FROM order_items")
    assert _one(conn, "SELECT count(*) FROM orders WHERE shipped_at < placed_at") == 0
    assert _one(conn, "SELECT count(*) FROM users WHERE updated_at < created_at") == 0
    assert _one(conn, "SELECT max(char_length(country)) FROM users") == 2

    # Enums use their labels; the generated column was computed, not supplied.
    statuses = {row[0] for row in conn.execute("SELECT DISTINCT status::text FROM orders")}
    assert statuses == {"new", "paid", "shipped", "cancelled"}
    assert _one(conn, "SELECT bool_and(amount = quantity * unit_price) FROM order_items")

    # Realistic values: emails, timestamps over the last three years, arrays and documents.
    assert _one(conn, "SELECT bool_and(email LIKE 'user%@example.com') FROM users")
    assert _one(
        conn,
        "SELECT min(created_at) > now() - interval '3 years 1 day' "
        "AND max(created_at) - min(created_at) > interval '2 years' FROM users",
    )
    assert _one(conn, "SELECT max(cardinality(tags)) BETWEEN 2 AND 3 FROM users")
    assert _one(conn, "SELECT count(DISTINCT settings) > 5 FROM users")
    assert _one(conn, "SELECT bool_and(jsonb_typeof(settings) = 'object') FROM users")
    assert _one(conn, "SELECT count(DISTINCT name) > 50 FROM users")


@pytest.mark.postgres
def test_seed_leaves_the_schema_exactly_as_it_was(conn: psycopg.Connection[Any]) -> None:
    _create(conn, SHOP)
    conn.execute("ALTER TABLE orders CLUSTER ON orders_user_id_idx")
    conn.commit()
    before = conn.execute(SCHEMA_SNAPSHOT).fetchall()
    seed(conn, plan_seed(conn, default_rows=2_000))
    assert conn.execute(SCHEMA_SNAPSHOT).fetchall() == before
    assert _one(
        conn,
        "SELECT indisclustered FROM pg_index WHERE indexrelid = 'orders_user_id_idx'::regclass",
    )
    # Statistics were gathered (ANALYZE), so the planner knows the sizes.
    assert _one(conn, "SELECT reltuples FROM pg_class WHERE oid = 'orders'::regclass") == 2_000


@pytest.mark.postgres
def test_seed_as_table_owner_without_superuser(
    conn: psycopg.Connection[Any], pg_database: Database, role: str
) -> None:
    """No replica mode: foreign keys are dropped and validated again; all must still hold."""
    import psycopg
    from psycopg.conninfo import make_conninfo

    conn.execute(_sql(f"GRANT CREATE, USAGE ON SCHEMA public TO {role}"))
    conn.commit()
    with psycopg.connect(make_conninfo(pg_database.conninfo, user=role)) as owner:
        assert _one(owner, "SELECT current_setting('is_superuser')") == "off"
        _create(owner, SHOP)
        before = owner.execute(SCHEMA_SNAPSHOT).fetchall()
        result = seed(owner, plan_seed(owner, default_rows=2_000))
        assert result.warnings == []
        assert owner.execute(SCHEMA_SNAPSHOT).fetchall() == before
        for child, column, parent, key in SHOP_FOREIGN_KEYS:
            assert _orphans(owner, child, column, parent, key) == 0


@pytest.mark.postgres
def test_seed_without_deferring_indexes(conn: psycopg.Connection[Any]) -> None:
    result = _seed_shop(conn, 2_000, defer_indexes=False)
    assert result.warnings == []
    assert result.tables["public.order_items"] == 2_000
    for child, column, parent, key in SHOP_FOREIGN_KEYS:
        assert _orphans(conn, child, column, parent, key) == 0


@pytest.mark.postgres
def test_progress_fires_after_every_chunk(
    conn: psycopg.Connection[Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    from migcheck.rehearse.seed import fill

    monkeypatch.setattr(fill, "CHUNK_ROWS", 1_000)
    _create(conn, "CREATE TABLE events (id bigserial PRIMARY KEY, kind text NOT NULL)")
    calls: list[tuple[str, int, int]] = []
    result = seed(
        conn,
        [TablePlan("public.events", 3_500)],
        on_progress=lambda *call: calls.append(call),
    )
    assert result.tables == {"public.events": 3_500}
    assert calls == [
        ("public.events", 1_000, 3_500),
        ("public.events", 2_000, 3_500),
        ("public.events", 3_000, 3_500),
        ("public.events", 3_500, 3_500),
    ]


@pytest.mark.postgres
def test_seed_inside_a_callers_transaction_leaves_committing_to_it(
    conn: psycopg.Connection[Any],
) -> None:
    _create(conn, SHOP)
    synchronous_commit = _one(conn, "SELECT current_setting('synchronous_commit')")
    # the caller's transaction is open (that query began it): seed uses savepoints
    result = seed(conn, plan_seed(conn, default_rows=500))
    assert result.tables["public.order_items"] == 500
    assert _one(conn, "SELECT count(*) FROM order_items") == 500
    # Our tuning ends with each table: the caller's transaction checks foreign keys again.
    assert _one(conn, "SELECT current_setting('session_replication_role')") == "origin"
    assert _one(conn, "SELECT current_setting('synchronous_commit')") == synchronous_commit
    conn.rollback()
    assert _one(conn, "SELECT count(*) FROM users") == 0


@pytest.mark.postgres
def test_seed_and_plan_leave_an_idle_connection_idle(conn: psycopg.Connection[Any]) -> None:
    from psycopg.pq import TransactionStatus

    _create(conn, SHOP)
    plans = plan_seed(conn, default_rows=100)
    assert conn.info.transaction_status == TransactionStatus.IDLE
    seed(conn, plans)
    assert conn.info.transaction_status == TransactionStatus.IDLE
    assert not conn.autocommit
    conn.rollback()  # nothing to undo: every table was committed
    assert _one(conn, "SELECT count(*) FROM order_items") == 100


# ---------------------------------------------------------------------------------------------
# seed: particular shapes
# ---------------------------------------------------------------------------------------------


@pytest.mark.postgres
def test_self_references_point_at_existing_rows(conn: psycopg.Connection[Any]) -> None:
    _create(
        conn,
        """
        CREATE TABLE employees (
            id int GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
            manager_id int REFERENCES employees (id),
            name text NOT NULL);
        CREATE TABLE categories (
            id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
            parent_id uuid NOT NULL REFERENCES categories (id),
            label text NOT NULL);
        """,
    )
    result = seed(conn, plan_seed(conn, default_rows=3_000))
    assert result.warnings == []
    assert result.tables == {"public.categories": 3_000, "public.employees": 3_000}
    assert _orphans(conn, "employees", "manager_id", "employees", "id") == 0
    assert _orphans(conn, "categories", "parent_id", "categories", "id") == 0
    assert _one(conn, "SELECT count(DISTINCT manager_id) FROM employees") > 500
    assert _one(conn, "SELECT count(*) FROM categories WHERE parent_id IS NULL") == 0
    assert _one(conn, "SELECT count(DISTINCT id) FROM categories") == 3_000


@pytest.mark.postgres
def test_composite_foreign_keys_take_whole_parent_keys(conn: psycopg.Connection[Any]) -> None:
    _create(
        conn,
        """
        CREATE TABLE tenants (id int PRIMARY KEY, name text NOT NULL);
        INSERT INTO tenants VALUES (1, 'Acme'), (2, 'Globex'), (7, 'Initech');
        CREATE TABLE accounts (
            tenant_id int NOT NULL REFERENCES tenants (id),
            id int NOT NULL,
            handle varchar(40) NOT NULL,
            PRIMARY KEY (tenant_id, id),
            UNIQUE (tenant_id, handle));
        CREATE TABLE profiles (
            account_tenant int NOT NULL,
            account_id int NOT NULL,
            bio text,
            FOREIGN KEY (account_tenant, account_id) REFERENCES accounts (tenant_id, id),
            UNIQUE (account_tenant, account_id));
        """,
    )
    result = seed(conn, plan_seed(conn, default_rows=1_500, rows={"tenants": 0}))
    assert result.warnings == []
    assert result.tables == {"public.accounts": 1_500, "public.profiles": 1_500}
    # Existing tenants only (the table was not seeded), and all of them are used.
    assert {row[0] for row in conn.execute("SELECT DISTINCT tenant_id FROM accounts")} == {1, 2, 7}
    assert (
        _one(
            conn,
            "SELECT count(*) FROM profiles p WHERE NOT EXISTS (SELECT 1 FROM accounts a "
            "WHERE (a.tenant_id, a.id) = (p.account_tenant, p.account_id))",
        )
        == 0
    )
    # UNIQUE (account_tenant, account_id) with 1,500 parents: each account once.
    assert _one(conn, "SELECT count(DISTINCT (account_tenant, account_id)) FROM profiles") == 1_500


@pytest.mark.postgres
def test_existing_rows_are_kept_and_new_keys_avoid_them(conn: psycopg.Connection[Any]) -> None:
    _create(
        conn,
        """
        CREATE TABLE roles (id serial PRIMARY KEY, code int NOT NULL UNIQUE, name text NOT NULL);
        -- a data migration that set ids by hand and never advanced the sequence
        INSERT INTO roles (id, code, name) VALUES (1, 1, 'admin'), (2, 2, 'staff'), (5, 40, 'x');
        CREATE TABLE members (id serial PRIMARY KEY, role_id int NOT NULL REFERENCES roles (id));
        """,
    )
    result = seed(conn, plan_seed(conn, default_rows=1_000))
    assert result.warnings == []
    assert _one(conn, "SELECT count(*) FROM roles") == 1_003
    assert _one(conn, "SELECT name FROM roles WHERE id = 5") == "x"
    assert _one(conn, "SELECT count(DISTINCT code) FROM roles") == 1_003
    assert _orphans(conn, "members", "role_id", "roles", "id") == 0


@pytest.mark.postgres
def test_arrays_json_and_other_types(conn: psycopg.Connection[Any], scratch: str | None) -> None:
    _create(
        conn,
        """
        CREATE EXTENSION IF NOT EXISTS citext;
        CREATE TYPE mood AS ENUM ('sad', 'ok', 'happy', 'it''s complicated');
        CREATE DOMAIN short_code AS varchar(6) NOT NULL CHECK (char_length(VALUE) >= 3);
        CREATE TABLE things (
            id uuid PRIMARY KEY,
            handle citext NOT NULL UNIQUE,
            code short_code,
            moods mood[] NOT NULL,
            scores int[],
            doc json,
            payload bytea NOT NULL,
            ip inet, net cidr, seen date, at_time time, lasts interval,
            span int4range, during tstzrange,
            flag boolean NOT NULL,
            ratio double precision CHECK (ratio BETWEEN 0 AND 1),
            small smallint CHECK (small > 0 AND small <= 5),
            words tsvector,
            label char(12) NOT NULL,
            labels char(3)[]
        );
        CREATE TABLE plain_things (
            id uuid PRIMARY KEY, code short_code, mood mood NOT NULL, label char(12) NOT NULL,
            price numeric(10, 2) CHECK (price > 0), seen date, at timestamptz, ok boolean,
            ip inet, note text, n bigint
        );
        """,
    )
    before = set(_relayed_files(scratch))  # the scratch directory is the server's: shared
    result = seed(
        conn,
        [TablePlan("public.things", 2_000), TablePlan("public.plain_things", 2_000)],
        scratch_dir=scratch,
    )
    assert result.warnings == []
    # Arrays, json and ranges are cheaper to INSERT: only plain_things went through a file.
    assert len(set(_relayed_files(scratch)) - before) == (1 if scratch else 0)
    # char(n) is stored padded, whichever way it came in (the relay sends it unpadded).
    for table in ("things", "plain_things"):
        assert _one(
            conn, f"SELECT min(octet_length(label)), max(octet_length(label)) FROM {table}"
        ) == (12, 12)
        assert _one(conn, f"SELECT count(DISTINCT label) > 10 FROM {table}")
    assert _one(conn, "SELECT min(octet_length(labels[1])) FROM things") == 3
    assert _one(
        conn, "SELECT count(DISTINCT id), min(char_length(code)) >= 3 FROM plain_things"
    ) == (2_000, True)
    assert _one(conn, "SELECT count(DISTINCT mood) = 4 AND min(price) > 0 FROM plain_things")
    assert _one(conn, "SELECT count(DISTINCT id) FROM things") == 2_000
    assert _one(conn, "SELECT count(DISTINCT lower(handle::text)) FROM things") == 2_000
    assert _one(conn, "SELECT min(char_length(code)) >= 3 FROM things")
    labels = {row[0] for row in conn.execute("SELECT DISTINCT unnest(moods)::text FROM things")}
    assert labels == {"sad", "ok", "happy", "it's complicated"}
    assert _one(conn, "SELECT min(cardinality(moods)) >= 1 FROM things")
    assert _one(conn, "SELECT count(*) FROM things WHERE json_typeof(doc) <> 'object'") == 0
    assert _one(conn, "SELECT (min(ratio) >= 0 AND max(ratio) <= 1) FROM things")
    assert _one(conn, "SELECT min(small), max(small) FROM things") == (1, 5)
    assert _one(conn, "SELECT count(DISTINCT flag) FROM things") == 2
    assert _one(conn, "SELECT bool_and(NOT isempty(span)) FROM things")


@pytest.mark.postgres
def test_null_fractions_and_checks_that_cannot_be_read(conn: psycopg.Connection[Any]) -> None:
    _create(
        conn,
        """
        CREATE TABLE notes (
            id serial PRIMARY KEY,
            body text,
            tag text CHECK (tag ~ '^[0-9]{3}$'),
            kind text NOT NULL CHECK (kind ~ '^[a-z]$'));
        """,
    )
    result = seed(
        conn,
        [TablePlan("public.notes", 4_000)],
        null_fractions={"notes": {"body": 0.5}, "public.notes": {"id": 0.9}},
    )
    assert result.tables == {"public.notes": 4_000}
    assert 0.4 < _null_share(conn, "notes", "body") < 0.6
    assert _one(conn, "SELECT count(id) FROM notes") == 4_000  # NOT NULL: fractions ignored
    # A CHECK the generator cannot satisfy: NULL where allowed, else a constant that passes.
    assert _one(conn, "SELECT count(tag) FROM notes") == 0
    assert _one(conn, "SELECT count(DISTINCT kind) FROM notes") == 1
    assert any(
        "notes_tag_check" in warning and "left NULL" in warning for warning in result.warnings
    )
    assert any("notes_kind_check" in warning and "set to" in warning for warning in result.warnings)


def test_nulls_that_checks_tie_together(conn: psycopg.Connection[Any], scratch: str | None) -> None:
    """arize-phoenix's users: a password (hash and salt, both or neither) or an OAuth2 login
    (client and user id, both or neither), exactly one of the two; and a UNIQUE over the
    OAuth2 pair. Each column's NULLs drawn on their own broke the CHECKs, and the fallbacks
    ended in "not seeded"."""
    _create(
        conn,
        """
        CREATE TABLE users (
            id serial PRIMARY KEY,
            email text NOT NULL,
            password_hash bytea,
            password_salt bytea,
            oauth2_client_id text,
            oauth2_user_id text,
            CONSTRAINT "ck_users_`password_hash_and_salt`"
                CHECK ((password_hash IS NULL) = (password_salt IS NULL)),
            CONSTRAINT "ck_users_`oauth2_client_id_and_user_id`"
                CHECK ((oauth2_client_id IS NULL) = (oauth2_user_id IS NULL)),
            CONSTRAINT "ck_users_`exactly_one_auth_method`"
                CHECK ((password_hash IS NULL) != (oauth2_client_id IS NULL)),
            CONSTRAINT uq_users_oauth2 UNIQUE (oauth2_client_id, oauth2_user_id));
        CREATE TABLE tokens (
            id serial PRIMARY KEY,
            kind text NOT NULL,
            expires_at timestamptz,
            revoked_at timestamptz,
            CHECK ((expires_at IS NOT NULL) <> (revoked_at IS NULL)));
        """,
    )
    result = seed(
        conn,
        [TablePlan("public.users", 2_000), TablePlan("public.tokens", 2_000)],
        scratch_dir=scratch,
    )
    assert result.tables == {"public.users": 2_000, "public.tokens": 2_000}, result.warnings
    assert not result.warnings, result.warnings
    # Both ways of logging in are there, in about equal shares.
    assert 0.4 < _null_share(conn, "users", "password_hash") < 0.6
    assert _one(conn, "SELECT count(*) FROM users WHERE oauth2_user_id IS NOT NULL") > 800
    # (expires_at IS NOT NULL) <> (revoked_at IS NULL): both NULL or neither.
    assert (
        _one(conn, "SELECT count(*) FROM tokens WHERE (expires_at IS NULL) <> (revoked_at IS NULL)")
        == 0
    )
    _relayed_files(scratch)


@pytest.mark.postgres
def test_partitioned_table_and_a_view_that_pins_the_primary_key(
    conn: psycopg.Connection[Any],
) -> None:
    _create(
        conn,
        """
        CREATE TABLE events (
            id bigint GENERATED BY DEFAULT AS IDENTITY,
            happened_at timestamptz NOT NULL,
            kind text NOT NULL,
            PRIMARY KEY (id, happened_at)) PARTITION BY RANGE (happened_at);
        CREATE TABLE events_rest PARTITION OF events DEFAULT;
        CREATE TABLE notes (id serial PRIMARY KEY, body text NOT NULL);
        -- GROUP BY the primary key: the view depends on the constraint, which cannot be dropped
        CREATE VIEW notes_by_id AS SELECT id, body FROM notes GROUP BY id;
        """,
    )
    before = conn.execute(SCHEMA_SNAPSHOT).fetchall()
    result = seed(conn, plan_seed(conn, default_rows=1_000))
    assert result.warnings == []
    assert result.tables == {"public.events": 1_000, "public.notes": 1_000}
    assert _one(conn, "SELECT count(*) FROM events_rest") == 1_000
    assert _one(conn, "SELECT count(*) FROM notes_by_id") == 1_000
    assert conn.execute(SCHEMA_SNAPSHOT).fetchall() == before


@pytest.mark.postgres
def test_unique_columns_with_few_values_cap_the_rows(conn: psycopg.Connection[Any]) -> None:
    _create(conn, "CREATE TABLE flags (id serial PRIMARY KEY, enabled boolean NOT NULL UNIQUE)")
    result = seed(conn, [TablePlan("public.flags", 100)])
    assert result.tables == {"public.flags": 2}
    assert any("2 distinct values" in warning for warning in result.warnings)


@pytest.mark.postgres
def test_listed_values_come_back_whole(conn: psycopg.Connection[Any], scratch: str | None) -> None:
    """Short list values are picked from a name[] (fixed width, cheap to subscript): none may
    be cut, changed or padded, also next to the 63-byte limit and in multibyte text; longer
    lists of values stay text[]."""
    short = ["a", "b c", "Zoë", "x" * 63, "é" * 31 + "x"]  # the last two: exactly 63 bytes
    long_ = ["y" * 64, "short"]
    listed = ", ".join("'" + value + "'" for value in short)
    listed_long = ", ".join("'" + value + "'" for value in long_)
    _create(
        conn,
        f"CREATE TABLE picks (id serial PRIMARY KEY, "
        f"kind text NOT NULL CHECK (kind IN ({listed})), "
        f"code varchar(80) NOT NULL CHECK (code IN ({listed_long})))",
    )
    result = seed(conn, [TablePlan("public.picks", 2_000)], scratch_dir=scratch)
    assert result.tables == {"public.picks": 2_000}, result.warnings
    kinds = {row[0] for row in conn.execute("SELECT DISTINCT kind FROM picks")}
    codes = {row[0] for row in conn.execute("SELECT DISTINCT code FROM picks")}
    assert kinds == set(short)
    assert codes == set(long_)


@pytest.mark.postgres
def test_short_unique_text_columns_get_codes_not_just_digits(
    conn: psycopg.Connection[Any], scratch: str | None
) -> None:
    # varchar(2) holds 1,295 codes ('01' ... 'ZZ'), not the 99 numbers decimal digits allow.
    _create(
        conn,
        "CREATE TABLE countries (code varchar(2) PRIMARY KEY, iso3 char(3) NOT NULL UNIQUE, "
        "name text NOT NULL)",
    )
    conn.execute("INSERT INTO countries VALUES ('US', 'USA', 'United States')")
    conn.commit()
    result = seed(conn, [TablePlan("public.countries", 1_000)], scratch_dir=scratch)
    assert result.tables == {"public.countries": 1_000}, result.warnings
    assert not result.warnings, result.warnings
    assert _one(conn, "SELECT count(DISTINCT code), count(DISTINCT iso3) FROM countries") == (
        1_001,
        1_001,
    )
    assert _one(conn, "SELECT max(length(code)), max(length(iso3)) FROM countries") == (2, 3)
    assert _one(conn, "SELECT count(*) FROM countries WHERE code ~ '[A-Z]'") > 500
    # More rows than two characters can tell apart: capped, and said so.
    _create(conn, "CREATE TABLE tiny (code varchar(2) PRIMARY KEY)")
    capped = seed(conn, [TablePlan("public.tiny", 5_000)], scratch_dir=scratch)
    assert capped.tables == {"public.tiny": 1_295}
    assert any("1,295 distinct values" in warning for warning in capped.warnings)


@pytest.mark.postgres
def test_a_unique_zip_code_is_capped_at_what_its_digits_hold(conn: psycopg.Connection[Any]) -> None:
    # Zip codes are digits (lpad(n, 5, '0')), not base-36 codes: 99,999 of them fit.
    _create(conn, "CREATE TABLE places (id serial PRIMARY KEY, zip varchar(5) UNIQUE)")
    result = seed(conn, [TablePlan("public.places", 150_000)])
    assert result.tables == {"public.places": 99_999}, result.warnings
    # Every zip given is distinct (a twentieth are NULL, as in a nullable column).
    assert _one(conn, "SELECT count(zip) = count(DISTINCT zip), max(length(zip)) FROM places") == (
        True,
        5,
    )


@pytest.mark.postgres
def test_seed_rejects_unknown_tables(conn: psycopg.Connection[Any]) -> None:
    with pytest.raises(ConfigError, match=r"public\.nothing"):
        seed(conn, [TablePlan("public.nothing", 10)])


@pytest.mark.postgres
@pytest.mark.slow
def test_seed_a_hundred_thousand_rows_per_table(conn: psycopg.Connection[Any]) -> None:
    result = _seed_shop(conn, 100_000)
    assert result.warnings == []
    assert result.total_rows == 300_300
    for child, column, parent, key in SHOP_FOREIGN_KEYS:
        assert _orphans(conn, child, column, parent, key) == 0
    assert _one(conn, "SELECT count(DISTINCT email) FROM users") == 100_000


# ---------------------------------------------------------------------------------------------
# seed on several connections at once
# ---------------------------------------------------------------------------------------------


class _Connector:
    """``seed(connect=...)``: opens connections to one database and remembers them."""

    def __init__(self, conninfo: str) -> None:
        self.conninfo = conninfo
        self.opened: list[psycopg.Connection[Any]] = []

    def __call__(self) -> psycopg.Connection[Any]:
        import psycopg

        connection = psycopg.connect(self.conninfo, application_name="seed-worker")
        self.opened.append(connection)
        return connection


@pytest.fixture
def parallel(monkeypatch: pytest.MonkeyPatch) -> list[tuple[int, str]]:
    """Small tables go parallel too (chunks of 1,000 rows, no minimum); returns the list of
    (backend pid, table) of every INSERT, filled in as they run.

    Chunks this small take a millisecond: one thread could take them all before the next one
    starts. So each filling thread waits at its first chunk of a table until another one is
    there too (no timing involved: a barrier).
    """
    import threading

    from migcheck.rehearse.seed import fallbacks, fill, sql
    from migcheck.rehearse.seed import parallel as parallel_fill  # not this fixture

    # Each module reads the names it imported: patched where they are read.
    monkeypatch.setattr(fill, "CHUNK_ROWS", 1_000)
    monkeypatch.setattr(parallel_fill, "CHUNK_ROWS", 1_000)
    monkeypatch.setattr(fill, "RELAY_CHUNK_ROWS", 1_000)
    monkeypatch.setattr(parallel_fill, "RELAY_CHUNK_ROWS", 1_000)
    monkeypatch.setattr(parallel_fill, "PARALLEL_MIN_ROWS", 1)
    inserts: list[tuple[int, str]] = []
    lock = threading.Lock()
    barriers: dict[str, threading.Barrier] = {}
    started: set[tuple[str, str]] = set()
    execute = sql._execute

    def recording(connection: psycopg.Connection[Any], statement: str) -> None:
        relayed = RELAYED_INTO.search(statement) if statement.startswith("COPY (") else None
        if statement.startswith("INSERT INTO") or relayed:
            table = (relayed.group(1) if relayed else statement.split()[2]).replace('"', "")
            thread = threading.current_thread().name
            with lock:
                inserts.append((connection.info.backend_pid, table))
                first = thread.startswith("migcheck-seed-") and (table, thread) not in started
                started.add((table, thread))
                barrier = barriers.setdefault(table, threading.Barrier(2, timeout=60))
            if first:
                barrier.wait()
        execute(connection, statement)

    # The INSERTs of generated rows run in these two: chunks and probes, and parallel chunks.
    monkeypatch.setattr(fallbacks, "_execute", recording)
    monkeypatch.setattr(parallel_fill, "_execute", recording)
    return inserts


# The table a relayed chunk goes into: "COPY (SELECT ...) TO 'f' ...; COPY "s"."t" (...) FROM".
RELAYED_INTO = re.compile(r'; COPY ("[^"]+"\."[^"]+") ')


def _backends_per_table(inserts: list[tuple[int, str]]) -> dict[str, int]:
    pids: dict[str, set[int]] = {}
    for pid, table in inserts:
        pids.setdefault(table, set()).add(pid)
    return {table: len(found) for table, found in pids.items()}


@pytest.mark.postgres
def test_parallel_seed_fills_every_table_with_valid_rows(
    conn: psycopg.Connection[Any],
    pg_database: Database,
    parallel: list[tuple[int, str]],
    scratch: str | None,
) -> None:
    import threading

    _create(conn, SHOP)
    before = conn.execute(SCHEMA_SNAPSHOT).fetchall()
    synchronous_commit = _one(conn, "SELECT current_setting('synchronous_commit')")
    connector = _Connector(pg_database.conninfo)
    progress: list[tuple[str, int, int, bool]] = []

    def on_progress(table: str, done: int, total: int) -> None:
        progress.append((table, done, total, threading.current_thread() is threading.main_thread()))

    plans = plan_seed(conn, default_rows=5_000, rows={"products": 300})
    conn.rollback()  # idle: seed() then owns its transactions
    relayed_before = set(_relayed_files(scratch))
    result = seed(
        conn, plans, on_progress=on_progress, connect=connector, workers=2, scratch_dir=scratch
    )

    assert result.warnings == []
    # Relayed: a file per chunk (an even number per table: products 2, orders and order_items
    # 6 each; users has jsonb and array columns, cheaper to INSERT), all emptied again.
    assert len(set(_relayed_files(scratch)) - relayed_before) == (14 if scratch else 0)
    assert result.tables == {
        "public.products": 300,
        "public.users": 5_000,
        "public.orders": 5_000,
        "public.order_items": 5_000,
    }
    # Every table was filled by two backends, over one extra connection; one more analyzed
    # tables while the next ones were filled (see the test below); all closed afterwards.
    assert _backends_per_table(parallel) == dict.fromkeys(result.tables, 2)
    assert len(connector.opened) == 2
    assert all(connection.closed for connection in connector.opened)

    for table, count in result.tables.items():
        assert _one(conn, f"SELECT count(*) FROM {table}") == count
        # Progress after every chunk (two per 2,000 rows), growing to the total, in this thread.
        calls = [(done, total, main) for name, done, total, main in progress if name == table]
        assert len(calls) == 2 * -(-count // 2_000)
        assert [done for done, _, _ in calls] == sorted({done for done, _, _ in calls})
        assert calls[-1][:2] == (count, count)
        assert all(main for _, _, main in calls)

    for child, column, parent, key in SHOP_FOREIGN_KEYS:
        assert _orphans(conn, child, column, parent, key) == 0
        assert _one(conn, f"SELECT count(DISTINCT {column}) FROM {child}") > 100
    assert _one(conn, "SELECT count(DISTINCT email) FROM users") == 5_000
    assert _one(conn, "SELECT count(DISTINCT sku) FROM products") == 300
    assert _one(conn, "SELECT count(DISTINCT (order_id, line_no)) FROM order_items") == 5_000
    assert _one(conn, "SELECT count(*) FROM orders WHERE shipped_at < placed_at") == 0
    # Identity and serial columns: the numbers their sequences give, which moved on past them.
    assert _one(conn, "SELECT min(id), max(id), count(DISTINCT id) FROM users") == (1, 5_000, 5_000)
    assert _one(conn, "SELECT min(id), max(id) FROM orders") == (1, 5_000)
    new_user = "INSERT INTO users (email, name) VALUES ('new@example.com', 'New') RETURNING id"
    assert _one(conn, new_user) == 5_001
    conn.rollback()

    # Indexes and keys are back; the connection is as it was handed over.
    assert conn.execute(SCHEMA_SNAPSHOT).fetchall() == before
    assert not conn.autocommit
    assert _one(conn, "SELECT current_setting('session_replication_role')") == "origin"
    assert _one(conn, "SELECT current_setting('synchronous_commit')") == synchronous_commit
    assert _one(conn, "SELECT reltuples FROM pg_class WHERE oid = 'orders'::regclass") == 5_000


@pytest.mark.postgres
def test_tables_are_analyzed_while_the_next_ones_are_filled(
    conn: psycopg.Connection[Any],
    pg_database: Database,
    parallel: list[tuple[int, str]],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """ANALYZE (one core) of a table filled on several connections overlaps the next table's
    fill; the last table is analyzed on the main connection; seed() returns only once every
    table has its statistics."""
    import threading

    from migcheck.rehearse.seed import analyze
    from migcheck.rehearse.seed import parallel as parallel_fill

    analyzed: list[tuple[str, str]] = []
    execute = analyze._execute

    def recording(connection: psycopg.Connection[Any], statement: str) -> None:
        if statement.startswith("ANALYZE"):
            analyzed.append(
                (statement.split()[1].replace('"', ""), threading.current_thread().name)
            )
        execute(connection, statement)

    monkeypatch.setattr(analyze, "_execute", recording)  # the background connection
    monkeypatch.setattr(parallel_fill, "_execute", recording)  # the main connection (and chunks)
    _create(conn, SHOP)
    conn.rollback()
    plans = plan_seed(conn, default_rows=4_000, rows={"products": 300})
    conn.rollback()
    result = seed(conn, plans, connect=_Connector(pg_database.conninfo), workers=2)
    assert result.warnings == []
    tables = list(result.tables)
    # Two threads append: the background one's last entry may come after the main thread's.
    in_background = [table for table, thread in analyzed if thread == "migcheck-analyze"]
    here = [table for table, thread in analyzed if thread == threading.main_thread().name]
    assert (in_background, here) == (tables[:-1], tables[-1:]), analyzed
    assert len(analyzed) == len(tables), analyzed
    for table in tables:  # statistics in place when seed() returns
        assert (
            _one(
                conn,
                f"SELECT count(*) FROM pg_stats WHERE format('%I.%I', schemaname, tablename) = '{table}'",
            )
            > 0
        )
        assert (
            _one(conn, f"SELECT reltuples FROM pg_class WHERE oid = '{table}'::regclass")
            == result.tables[table]
        )


@pytest.mark.postgres
def test_a_background_analyze_that_fails_is_a_warning(
    conn: psycopg.Connection[Any], pg_database: Database, parallel: list[tuple[int, str]]
) -> None:
    """The analyzing connection is the second one opened: given a statement timeout of 1 ms,
    its ANALYZE of a 200,000-row table is cancelled by the server."""
    import psycopg

    opened: list[psycopg.Connection[Any]] = []

    def connect() -> psycopg.Connection[Any]:
        options = "-c statement_timeout=1" if len(opened) == 1 else ""
        connection = psycopg.connect(pg_database.conninfo, options=options)
        opened.append(connection)
        return connection

    _create(conn, "CREATE TABLE a (id int PRIMARY KEY, v text); CREATE TABLE b (id int)")
    conn.rollback()
    result = seed(
        conn,
        [TablePlan("public.a", 200_000), TablePlan("public.b", 10)],
        connect=connect,
        workers=2,
    )
    assert result.tables == {"public.a": 200_000, "public.b": 10}
    assert result.warnings == [
        "public.a: no statistics (ANALYZE failed): canceling statement due to statement timeout"
    ]
    assert len(opened) == 2 and all(connection.closed for connection in opened)


@pytest.mark.postgres
def test_tables_are_analyzed_even_when_the_analyzing_connection_is_lost(
    conn: psycopg.Connection[Any], pg_database: Database, parallel: list[tuple[int, str]]
) -> None:
    """The background connection is terminated by the server before its first ANALYZE: that
    one, and those of the later tables, run on the main connection; no table goes without."""
    import psycopg

    opened: list[psycopg.Connection[Any]] = []

    def connect() -> psycopg.Connection[Any]:
        connection = psycopg.connect(pg_database.conninfo)
        opened.append(connection)
        if len(opened) == 2:  # the analyzing one (the first is the filling one)
            with psycopg.connect(pg_database.conninfo, autocommit=True) as killer:
                killer.execute("SELECT pg_terminate_backend(%s)", (connection.info.backend_pid,))
        return connection

    _create(conn, "CREATE TABLE a (id int PRIMARY KEY); CREATE TABLE b (id int PRIMARY KEY);")
    _create(conn, "CREATE TABLE c (id int PRIMARY KEY)")
    conn.rollback()
    plans = [TablePlan(f"public.{t}", 3_000) for t in "abc"]
    result = seed(conn, plans, connect=connect, workers=2)
    assert result.warnings == []
    for table in "abc":
        assert _one(conn, f"SELECT count(*) FROM pg_stats WHERE tablename = '{table}'") == 1
    assert len(opened) == 2 and all(connection.closed for connection in opened)


@pytest.mark.postgres
def test_parallel_seed_as_table_owner_without_superuser(
    conn: psycopg.Connection[Any],
    pg_database: Database,
    role: str,
    parallel: list[tuple[int, str]],
) -> None:
    """No replica mode: the foreign keys are dropped, and validated when they come back."""
    import psycopg
    from psycopg.conninfo import make_conninfo

    conn.execute(_sql(f"GRANT CREATE, USAGE ON SCHEMA public TO {role}"))
    conn.commit()
    conninfo = make_conninfo(pg_database.conninfo, user=role)
    with psycopg.connect(conninfo) as owner:
        _create(owner, SHOP)
        before = owner.execute(SCHEMA_SNAPSHOT).fetchall()
        owner.rollback()
        result = seed(
            owner,
            plan_seed(owner, default_rows=3_000),
            connect=_Connector(conninfo),
            workers=2,
        )
        assert result.warnings == []
        assert result.total_rows == 12_000
        assert set(_backends_per_table(parallel).values()) == {2}
        assert owner.execute(SCHEMA_SNAPSHOT).fetchall() == before
        for child, column, parent, key in SHOP_FOREIGN_KEYS:
            assert _orphans(owner, child, column, parent, key) == 0


@pytest.mark.postgres
def test_inside_a_callers_transaction_the_seed_stays_on_its_connection(
    conn: psycopg.Connection[Any], pg_database: Database, parallel: list[tuple[int, str]]
) -> None:
    _create(conn, SHOP)
    _one(conn, "SELECT 1")  # the caller's transaction is open
    connector = _Connector(pg_database.conninfo)
    result = seed(conn, plan_seed(conn, default_rows=2_000), connect=connector, workers=2)
    assert result.tables["public.order_items"] == 2_000
    assert connector.opened == []
    assert set(_backends_per_table(parallel).values()) == {1}
    conn.rollback()
    assert _one(conn, "SELECT count(*) FROM users") == 0


@pytest.mark.postgres
def test_a_failed_parallel_chunk_is_finished_on_one_connection_with_fallbacks(
    conn: psycopg.Connection[Any],
    pg_database: Database,
    parallel: list[tuple[int, str]],
    scratch: str | None,
) -> None:
    # The probe (rows 1 to 1,000) passes; code = row number breaks the CHECK from row 2,500 on,
    # in the third of six chunks, while other chunks run on the other connection.
    _create(
        conn,
        """
        CREATE TABLE events (
            id bigserial PRIMARY KEY,
            code int UNIQUE CHECK (code < 2500),
            kind text NOT NULL);
        """,
    )
    before = conn.execute(SCHEMA_SNAPSHOT).fetchall()
    conn.rollback()
    calls: list[int] = []
    result = seed(
        conn,
        [TablePlan("public.events", 5_000)],
        connect=_Connector(pg_database.conninfo),
        workers=2,
        on_progress=lambda _table, done, _total: calls.append(done),
        scratch_dir=scratch,
    )
    assert result.tables == {"public.events": 5_000}
    assert _backends_per_table(parallel) == {"public.events": 2}
    assert any(
        "events_code_check" in warning and "code left NULL" in warning
        for warning in result.warnings
    )
    assert _one(conn, "SELECT count(*), count(DISTINCT id), max(id) FROM events") == (
        5_000,
        5_000,
        5_000,
    )
    # Chunks done before the failure kept their codes; the rest have none.
    assert 834 <= _one(conn, "SELECT count(code) FROM events") < 2_500
    assert _one(conn, "SELECT count(code) = count(DISTINCT code) FROM events")
    assert _one(conn, "SELECT max(code) FROM events") < 2_500
    assert calls == sorted(set(calls)) and calls[-1] == 5_000 and len(calls) == 6
    assert conn.execute(SCHEMA_SNAPSHOT).fetchall() == before


@pytest.mark.postgres
@pytest.mark.parametrize("workers", [1, 2])
def test_rows_are_taken_back_when_a_table_cannot_be_seeded(
    conn: psycopg.Connection[Any],
    pg_database: Database,
    parallel: list[tuple[int, str]],
    workers: int,
) -> None:
    """Rows already committed by parallel chunks go again: the outcome is the one-transaction
    one. The CHECK breaks from row 2,500 on; the constant that replaces code then breaks the
    UNIQUE index when it is rebuilt; with the index in place no constant helps."""
    _create(
        conn,
        """
        CREATE TABLE codes (
            id bigserial PRIMARY KEY,
            code int NOT NULL UNIQUE CHECK (code < 2500));
        COMMENT ON INDEX codes_pkey IS 'kept';
        """,
    )
    before = conn.execute(SCHEMA_SNAPSHOT).fetchall()
    conn.rollback()
    result = seed(
        conn,
        [TablePlan("public.codes", 5_000)],
        connect=_Connector(pg_database.conninfo),
        workers=workers,
    )
    assert result.tables == {"public.codes": 0}
    assert any("not seeded" in warning for warning in result.warnings)
    assert _backends_per_table(parallel) == {"public.codes": workers}
    assert _one(conn, "SELECT count(*) FROM codes") == 0
    assert conn.execute(SCHEMA_SNAPSHOT).fetchall() == before
    assert _one(conn, "SELECT current_setting('session_replication_role')") == "origin"


@pytest.mark.postgres
def test_an_interrupted_parallel_seed_leaves_the_table_as_it_was(
    conn: psycopg.Connection[Any], pg_database: Database, parallel: list[tuple[int, str]]
) -> None:
    _create(conn, SHOP)
    before = conn.execute(SCHEMA_SNAPSHOT).fetchall()
    conn.rollback()
    connector = _Connector(pg_database.conninfo)

    def interrupt(table: str, done: int, total: int) -> None:
        if table == "public.users":
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        seed(conn, plan_seed(conn, default_rows=5_000), on_progress=interrupt, connect=connector)
    # products was done and committed; users was emptied again, its keys rebuilt.
    assert _one(conn, "SELECT count(*) FROM products") == 5_000
    assert _one(conn, "SELECT count(*) FROM users") == 0
    assert conn.execute(SCHEMA_SNAPSHOT).fetchall() == before
    assert _one(conn, "SELECT current_setting('session_replication_role')") == "origin"
    assert all(connection.closed for connection in connector.opened)


@pytest.mark.postgres
def test_a_relay_that_cannot_write_its_files_leaves_the_rows_to_insert(
    conn: psycopg.Connection[Any], pg_database: Database, tmp_path: Path
) -> None:
    _create(conn, "CREATE TABLE a (id bigserial PRIMARY KEY, v text); CREATE TABLE b (v int)")
    conn.rollback()
    missing = str(tmp_path / "not-there")
    result = seed(
        conn,
        [TablePlan("public.a", 3_000), TablePlan("public.b", 3_000)],
        connect=_Connector(pg_database.conninfo),
        workers=2,
        scratch_dir=missing,
    )
    assert result.tables == {"public.a": 3_000, "public.b": 3_000}
    # One warning, for the first table: the relay is not tried again after that.
    assert len(result.warnings) == 1
    assert result.warnings[0].startswith("public.a: filled with INSERT (slower): COPY through")
    assert "not-there" in result.warnings[0]
    assert _one(conn, "SELECT count(DISTINCT id) FROM a") == 3_000


@pytest.mark.postgres
def test_a_table_with_insert_rules_is_not_relayed(
    conn: psycopg.Connection[Any], pg_database: Database
) -> None:
    """COPY does not apply rules; INSERT does: such a table is filled with INSERT. (As a
    superuser the seed runs in replica mode, where neither rules nor triggers fire.)"""
    _create(
        conn,
        """
        CREATE TABLE events (id bigserial PRIMARY KEY, kind text NOT NULL);
        CREATE TABLE events_log (event_id bigint);
        CREATE RULE log_events AS ON INSERT TO events DO ALSO
            INSERT INTO events_log VALUES (NEW.id);
        """,
    )
    before = set(_relayed_files(pg_database.scratch_dir))
    result = seed(conn, [TablePlan("public.events", 3_000)], scratch_dir=pg_database.scratch_dir)
    assert result.tables == {"public.events": 3_000}
    assert set(_relayed_files(pg_database.scratch_dir)) == before
    assert _one(conn, "SELECT count(DISTINCT id) FROM events") == 3_000
    assert _one(conn, "SELECT count(*) FROM events_log") == 0  # replica mode


@pytest.mark.postgres
def test_without_more_connections_the_seed_goes_on_with_one(
    conn: psycopg.Connection[Any], parallel: list[tuple[int, str]]
) -> None:
    import psycopg

    def refuse() -> psycopg.Connection[Any]:
        raise psycopg.OperationalError("too many clients already")

    _create(conn, "CREATE TABLE events (id bigserial PRIMARY KEY, kind text NOT NULL)")
    result = seed(conn, [TablePlan("public.events", 3_000)], connect=refuse, workers=3)
    assert result.tables == {"public.events": 3_000}
    assert result.warnings == [
        "tables filled on fewer connections: cannot open more: too many clients already"
    ]
    assert _backends_per_table(parallel) == {"public.events": 1}
    assert _one(conn, "SELECT count(DISTINCT id) FROM events") == 3_000


@pytest.mark.postgres
@pytest.mark.parametrize(
    ("workers", "connect", "during"),
    [(2, True, "1"), (1, True, "0"), (4, True, "2"), (2, False, "2")],
    ids=["two-cores", "one-core", "never-raised", "user-database"],
)
def test_indexes_are_rebuilt_with_one_process_per_filling_connection(
    conn: psycopg.Connection[Any],
    pg_database: Database,
    monkeypatch: pytest.MonkeyPatch,
    workers: int,
    connect: bool,
    during: str,
) -> None:
    """The leader builds too: two filling connections (two cores) get one parallel worker per
    index build, not PostgreSQL's default two; never more than the server allows; a user's
    database (no extra connections) keeps its own setting."""
    from migcheck.rehearse.seed import deferral, fill
    from migcheck.rehearse.seed import parallel as parallel_fill

    monkeypatch.setattr(parallel_fill, "PARALLEL_MIN_ROWS", 1)
    seen: list[str] = []

    def recording(connection: psycopg.Connection[Any], statement: str) -> None:
        if "ADD CONSTRAINT" in statement or statement.startswith("CREATE INDEX"):
            seen.append(
                _one(connection, "SELECT current_setting('max_parallel_maintenance_workers')")
            )
        sql_execute(connection, statement)

    sql_execute = deferral._execute
    monkeypatch.setattr(deferral, "_execute", recording)  # restores after a parallel fill
    monkeypatch.setattr(fill, "_execute", recording)  # restores in the one-connection fill
    _create(conn, "CREATE TABLE items (id bigint PRIMARY KEY, sku text NOT NULL UNIQUE)")
    server = _one(conn, "SELECT current_setting('max_parallel_maintenance_workers')")
    assert server == "2"  # PostgreSQL's default, which the cases above assume
    conn.rollback()  # seed() on a connection of its own, not inside a transaction of ours
    connector = _Connector(pg_database.conninfo) if connect else None
    result = seed(conn, [TablePlan("public.items", 2_000)], connect=connector, workers=workers)
    assert result.tables == {"public.items": 2_000}
    assert seen == [during, during]  # the primary key and the unique key
    assert _one(conn, "SELECT current_setting('max_parallel_maintenance_workers')") == server


def test_seed_workers_follow_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(WORKERS_ENV, "3")
    assert seed_workers() == 3
    monkeypatch.delenv(WORKERS_ENV)
    assert 1 <= seed_workers() <= 4
    for wrong in ("0", "two", "-1"):
        monkeypatch.setenv(WORKERS_ENV, wrong)
        with pytest.raises(ConfigError, match=WORKERS_ENV):
            seed_workers()


# ---------------------------------------------------------------------------------------------
# read_production_stats
# ---------------------------------------------------------------------------------------------


@pytest.mark.postgres
def test_read_production_stats_reads_estimates_and_null_shares(
    conn: psycopg.Connection[Any], pg_database: Database, role: str
) -> None:
    from psycopg.conninfo import conninfo_to_dict

    _create(
        conn,
        """
        CREATE SCHEMA billing;
        CREATE TABLE billing.invoices (id int PRIMARY KEY, paid_at timestamptz, memo text);
        INSERT INTO billing.invoices
            SELECT g, CASE WHEN g % 4 = 0 THEN NULL ELSE now() END, NULL FROM generate_series(1, 20000) g;
        CREATE TABLE logs (at timestamptz) PARTITION BY RANGE (at);
        CREATE TABLE logs_old PARTITION OF logs FOR VALUES FROM ('2000-01-01') TO ('2020-01-01');
        CREATE TABLE logs_new PARTITION OF logs DEFAULT;
        INSERT INTO logs SELECT '2010-01-01'::timestamptz + g * interval '1 hour'
            FROM generate_series(1, 3000) g;
        INSERT INTO logs SELECT now() FROM generate_series(1, 1000) g;
        ANALYZE;
        CREATE TABLE never_analyzed (x int);
        """,
    )
    # A role that can only read (every write would fail, in any transaction), over TCP with
    # its password, given as a SQLAlchemy URL as a user may paste it.
    _create(
        conn,
        f"""
        GRANT USAGE ON SCHEMA billing TO {role};
        GRANT SELECT ON ALL TABLES IN SCHEMA billing, public TO {role};
        ALTER ROLE {role} SET default_transaction_read_only = on;
        """,
    )
    params = conninfo_to_dict(pg_database.conninfo)
    url = f"postgresql+psycopg://{role}:role-pw-123@127.0.0.1:{params['port']}/{params['dbname']}"
    rows, null_fractions = read_production_stats(url)

    assert rows["billing.invoices"] == 20_000
    assert rows["public.logs"] == 4_000  # partitions add up under their parent
    assert "public.logs_old" not in rows
    assert "public.never_analyzed" not in rows  # reltuples = -1: no estimate
    assert null_fractions["billing.invoices"]["paid_at"] == pytest.approx(0.25, abs=0.02)
    assert null_fractions["billing.invoices"]["memo"] == 1.0
    assert null_fractions["billing.invoices"]["id"] == 0.0


@pytest.mark.postgres
def test_read_production_stats_errors_in_one_line_without_the_password(
    pg_database: Database,
) -> None:
    from psycopg.conninfo import make_conninfo

    secret = "not-the-Password-42"
    wrong = make_conninfo(pg_database.conninfo, host="127.0.0.1", password=secret)
    with pytest.raises(BackendError) as raised:
        read_production_stats(wrong)
    message = str(raised.value)
    assert secret not in message
    assert "\n" not in message
    assert message.startswith("cannot read statistics from")

    url = f"postgresql://someone:{secret}@127.0.0.1:1/nowhere?connect_timeout=2"
    with pytest.raises(BackendError) as raised:
        read_production_stats(url)
    assert secret not in str(raised.value)
