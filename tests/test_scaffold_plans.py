"""The rename plans and the revision files they become, without a server: tables are described
by hand (:class:`TableInfo`), the way the catalog would describe them."""

from __future__ import annotations

import ast
import datetime as dt
import re
import shutil
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import pytest
from helpers import BASE_ID, describe, lint_paths, revision, run_cli, write_project

from migcheck.errors import MigcheckError
from migcheck.model import Severity
from migcheck.project import find_project
from migcheck.scaffold.introspect import ColumnInfo, ConstraintInfo, IndexInfo, TableInfo
from migcheck.scaffold.plans import (
    MAX_IDENTIFIER,
    RevisionPlan,
    _swap_column,
    _swap_foreign_key,
    plan_column_rename,
    plan_table_rename,
    quote,
    short_name,
)
from migcheck.scaffold.writer import file_name, naming_settings, render_revision, write_plans

STEPS = ["expand", "backfill", "constraints", "validate", "contract"]


# --------------------------------------------------------------------------- tables by hand


def column(
    name: str,
    type_: str = "character varying(120)",
    *,
    not_null: bool = False,
    default: str | None = None,
    identity: str = "",
    generated: str = "",
    owned_sequence: str | None = None,
) -> ColumnInfo:
    return ColumnInfo(name, type_, not_null, default, identity, generated, owned_sequence)


def index(
    name: str, definition: str, columns: tuple[str, ...], constraint: str | None = None
) -> IndexInfo:
    unique = definition.startswith("CREATE UNIQUE")
    primary = name.endswith("_pkey")
    return IndexInfo(name, definition, columns, unique, primary, constraint, uses_column=False)


def users() -> TableInfo:
    """helpers.BASE's users table, with a unique, a check and an expression index on email,
    and orders.user_id pointing at its primary key."""
    table = TableInfo(schema="public", name="users")
    table.columns = {
        "id": column(
            "id",
            "integer",
            not_null=True,
            default="nextval('users_id_seq'::regclass)",
            owned_sequence="public.users_id_seq",
        ),
        "email": column("email", not_null=True),
        "name": column("name", "character varying(50)"),
        "legacy_flag": column("legacy_flag", "boolean"),
        "created_at": column("created_at", "timestamp with time zone", default="now()"),
    }
    table.primary_key = ("id",)
    table.indexes = [
        index(
            "users_pkey",
            "CREATE UNIQUE INDEX users_pkey ON public.users USING btree (id)",
            ("id",),
            "users_pkey",
        ),
        index(
            "uq_users_email",
            "CREATE UNIQUE INDEX uq_users_email ON public.users USING btree (email)",
            ("email",),
            "uq_users_email",
        ),
        index(
            "ix_users_lower_email",
            "CREATE INDEX ix_users_lower_email ON public.users USING btree (lower((email)::text))",
            ("",),
        ),
    ]
    table.constraints = [
        ConstraintInfo("users_pkey", "p", "users", "PRIMARY KEY (id)", ("id",)),
        ConstraintInfo("uq_users_email", "u", "users", "UNIQUE (email)", ("email",)),
        ConstraintInfo(
            "ck_users_email",
            "c",
            "users",
            "CHECK (((email)::text ~~ '%@%'::text))",
            ("email",),
        ),
        ConstraintInfo("users_email_not_null", "n", "users", "NOT NULL email", ("email",)),
    ]
    table.referencing = [
        ConstraintInfo(
            "orders_user_id_fkey",
            "f",
            "orders",
            "FOREIGN KEY (user_id) REFERENCES users(id)",
            ("user_id",),
            "users",
            ("id",),
        )
    ]
    table.relation_names = {"users", "users_pkey", "uq_users_email", "ix_users_lower_email"}
    return table


def plan(
    table: TableInfo, old: str = "email", new: str = "email_address", **kw: int
) -> list[RevisionPlan]:
    return plan_column_rename(
        table,
        old,
        new,
        batch_size=kw.get("batch_size", 10_000),
        pg_version=kw.get("pg_version", 15),
    )


def text(plans: list[RevisionPlan], *, up: bool = True, down: bool = True) -> str:
    """Every line the plans would write into their functions and constants."""
    parts: list[str] = []
    for item in plans:
        parts += item.module_constants
        parts += item.upgrade if up else []
        parts += item.downgrade if down else []
    return "\n".join(parts)


def executed(lines: list[str]) -> list[str]:
    """The SQL of each ``op.execute("...")`` in function body lines (wrapped ones joined)."""
    source = "def f():\n" + "\n".join(lines)
    calls = sorted(
        (node.lineno, node.col_offset, node.args[0])
        for node in ast.walk(ast.parse(source))
        if isinstance(node, ast.Call) and getattr(node.func, "attr", "") == "execute"
    )
    return [
        str(argument.value) if isinstance(argument, ast.Constant) else f"<{ast.unparse(argument)}>"
        for _, _, argument in calls
    ]


# --------------------------------------------------------------------------- the plan


def test_column_rename_is_five_revisions_in_order_each_with_a_downgrade() -> None:
    plans = plan(users())
    assert [p.slug.split("_", 1)[0] for p in plans] == STEPS
    for item in plans:
        assert executed(item.upgrade) or item.upgrade[0].strip().startswith("pass")
        assert item.downgrade
    expand, backfill, constraints, validate, contract = (executed(p.upgrade) for p in plans)
    assert expand[1] == "ALTER TABLE users ADD COLUMN email_address character varying(120)"
    assert expand[2:] == [
        "<SYNC_FUNCTION>",
        "CREATE TRIGGER users_email_email_address_sync BEFORE INSERT OR UPDATE ON users "
        "FOR EACH ROW EXECUTE FUNCTION users_email_email_address_sync()",
    ]
    assert backfill == ["<BACKFILL>"]
    assert constraints[:2] == [
        "CREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS uq_users_email_address ON public.users "
        "USING btree (email_address)",
        "CREATE INDEX CONCURRENTLY IF NOT EXISTS ix_users_lower_email_address ON public.users "
        "USING btree (lower((email_address)::text))",
    ]
    assert constraints[2:] == [
        "<CHECK_INDEXES>",
        "SET LOCAL lock_timeout = '2s'",
        "ALTER TABLE users ADD CONSTRAINT uq_users_email_address UNIQUE USING INDEX "
        "uq_users_email_address",
        "ALTER TABLE users ADD CONSTRAINT ck_users_email_address CHECK "
        "(((email_address)::text ~~ '%@%'::text)) NOT VALID",
        "ALTER TABLE users ADD CONSTRAINT ck_users_email_address_not_null CHECK "
        "(email_address IS NOT NULL) NOT VALID",
    ]
    # Each statement commits on its own: applied in one transaction with the constraints
    # revision (Alembic's default), its locks would otherwise be held through the scans.
    assert plans[3].upgrade[0] == "    with op.get_context().autocommit_block():"
    # Each in a short transaction of its own, lock_timeout SET LOCAL: the session's setting
    # (env.py's lock_timeout, for the revisions after this one) is left as it was.
    assert validate == [
        f"BEGIN; SET LOCAL lock_timeout = '2s'; {sql}; COMMIT"
        for sql in [
            "ALTER TABLE users VALIDATE CONSTRAINT ck_users_email_address",
            "ALTER TABLE users VALIDATE CONSTRAINT ck_users_email_address_not_null",
            "ALTER TABLE users ALTER COLUMN email_address SET NOT NULL",
            "ALTER TABLE users DROP CONSTRAINT ck_users_email_address_not_null",
        ]
    ]
    assert contract[-1] == "ALTER TABLE users DROP COLUMN email"
    assert "# migcheck: ignore[drop-column]" in plans[-1].upgrade[-2]
    # The default stays on OLD until the contract: an INSERT omitting NEW gets OLD's value.
    assert "DEFAULT" not in text(plans[:4], down=False)


def test_backfill_batches_by_integer_key_else_by_pages() -> None:
    by_key = plan(users(), batch_size=500)[1].module_constants[0]
    assert "WHERE id BETWEEN low AND low + batch - 1" in by_key
    assert "batch constant bigint := 500;" in by_key
    assert "COMMIT;" in by_key
    assert "ctid" not in by_key

    for key_type in ("uuid", "text", "numeric"):
        table = users()
        table.columns["id"] = replace(table.columns["id"], type=key_type, default=None)
        by_pages = plan(table)[1].module_constants[0]
        assert "ctid >= ('(' || first_page || ',0)')::tid" in by_pages, key_type
        assert "BETWEEN" not in by_pages
        assert "COMMIT;" in by_pages

    no_key = users()
    no_key.primary_key = ()
    assert "ctid" in plan(no_key)[1].module_constants[0]
    composite = users()
    composite.primary_key = ("id", "name")
    assert "ctid" in plan(composite)[1].module_constants[0]
    # Before PostgreSQL 14 there is no TID range scan: the docstring says what it costs.
    assert "before PostgreSQL 14" in plan(no_key, pg_version=13)[1].docstring


def test_backfill_runs_in_an_autocommit_block_and_touches_only_unsynced_rows() -> None:
    backfill = plan(users())[1]
    assert backfill.upgrade == [
        "    with op.get_context().autocommit_block():",
        "        op.execute(BACKFILL)",
    ]
    assert "AND email_address IS DISTINCT FROM email" in backfill.module_constants[0]


def test_sync_trigger_handles_inserts_and_updates_from_either_side() -> None:
    sync = plan(users())[0].module_constants[0]
    assert "IF NEW.email_address IS NULL THEN\n            NEW.email_address := NEW.email;" in sync
    assert "ELSE\n            NEW.email := NEW.email_address;" in sync
    assert "ELSIF NEW.email_address IS DISTINCT FROM OLD.email_address THEN" in sync
    assert (
        "ELSIF NEW.email IS DISTINCT FROM OLD.email OR NEW.email_address IS DISTINCT FROM "
        "NEW.email THEN" in sync
    )
    # The contract's downgrade puts the very same function back.
    assert plan(users())[-1].module_constants == plan(users())[0].module_constants


def test_foreign_keys_both_directions_and_the_lock_order() -> None:
    table = users()
    table.columns["email"] = column("email", not_null=True)
    table.constraints.append(
        ConstraintInfo(
            "fk_users_email_invitations",
            "f",
            "users",
            "FOREIGN KEY (email) REFERENCES invitations(email) ON UPDATE CASCADE",
            ("email",),
            "invitations",
            ("email",),
        )
    )
    table.referencing.append(
        ConstraintInfo(
            "fk_subscriptions_email",
            "f",
            "subscriptions",
            "FOREIGN KEY (user_email) REFERENCES users(email) ON DELETE SET NULL (user_email)",
            ("user_email",),
            "users",
            ("email",),
        )
    )
    plans = plan(table)
    constraints = executed(plans[2].upgrade)
    # Referenced tables first, as the application writes them: no deadlock with its transactions.
    lock = constraints.index("LOCK TABLE invitations IN SHARE ROW EXCLUSIVE MODE")
    assert lock < min(i for i, sql in enumerate(constraints) if sql.startswith("ALTER TABLE"))
    assert (
        "ALTER TABLE users ADD CONSTRAINT fk_users_email_address_invitations FOREIGN KEY "
        "(email_address) REFERENCES invitations(email) ON UPDATE CASCADE NOT VALID"
    ) in constraints
    assert (
        "ALTER TABLE subscriptions ADD CONSTRAINT fk_subscriptions_email_address FOREIGN KEY "
        "(user_email) REFERENCES users(email_address) ON DELETE SET NULL (user_email) NOT VALID"
    ) in constraints
    validate = executed(plans[3].upgrade)
    assert (
        "BEGIN; SET LOCAL lock_timeout = '2s'; ALTER TABLE subscriptions VALIDATE CONSTRAINT "
        "fk_subscriptions_email_address; COMMIT" in validate
    )
    contract = executed(plans[4].upgrade)
    assert contract[1] == "LOCK TABLE invitations, users, subscriptions IN ACCESS EXCLUSIVE MODE"
    assert "ALTER TABLE subscriptions DROP CONSTRAINT fk_subscriptions_email" in contract
    restore = executed(plans[4].downgrade)
    assert (
        "ALTER TABLE subscriptions ADD CONSTRAINT fk_subscriptions_email FOREIGN KEY (user_email) "
        "REFERENCES users(email) ON DELETE SET NULL (user_email)"
    ) in restore
    assert restore.index("ALTER TABLE users ADD CONSTRAINT uq_users_email UNIQUE (email)") < (
        restore.index(next(s for s in restore if "fk_subscriptions_email FOREIGN KEY" in s))
    )


def test_primary_key_rename_moves_the_key_in_the_contract_and_back_in_its_downgrade() -> None:
    plans = plan(users(), "id", "user_id")
    constraints = executed(plans[2].upgrade)
    assert (
        "CREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS users_pkey_user_id ON public.users "
        "USING btree (user_id)"
    ) in constraints
    assert not [s for s in constraints if "PRIMARY KEY" in s]  # not before the contract
    assert (
        "ALTER TABLE orders ADD CONSTRAINT orders_user_user_id_fkey FOREIGN KEY (user_id) "
        "REFERENCES users(user_id) NOT VALID"
    ) in constraints
    contract = executed(plans[4].upgrade)
    assert contract == [
        "SET LOCAL lock_timeout = '2s'",
        "LOCK TABLE users, orders IN ACCESS EXCLUSIVE MODE",
        "DROP TRIGGER IF EXISTS users_id_user_id_sync ON users",
        "DROP FUNCTION IF EXISTS users_id_user_id_sync()",
        "ALTER TABLE users ALTER COLUMN user_id SET DEFAULT nextval('users_id_seq'::regclass)",
        "ALTER SEQUENCE public.users_id_seq OWNED BY users.user_id",
        "ALTER TABLE orders DROP CONSTRAINT orders_user_id_fkey",
        "ALTER TABLE users DROP CONSTRAINT users_pkey, ADD CONSTRAINT users_pkey PRIMARY KEY "
        "USING INDEX users_pkey_user_id",
        "ALTER TABLE users DROP COLUMN id",
    ]
    restore = executed(plans[4].downgrade)
    swap_back = (
        "ALTER TABLE users DROP CONSTRAINT users_pkey, ADD CONSTRAINT users_pkey PRIMARY KEY "
        "USING INDEX users_pkey_old"
    )
    in_order = [
        "ALTER TABLE orders DROP CONSTRAINT orders_user_user_id_fkey",
        "CREATE UNIQUE INDEX users_pkey_old ON public.users USING btree (id)",
        swap_back,
        "CREATE UNIQUE INDEX users_pkey_user_id ON public.users USING btree (user_id)",
        "ALTER TABLE orders ADD CONSTRAINT orders_user_user_id_fkey FOREIGN KEY (user_id) "
        "REFERENCES users(user_id)",
        "ALTER TABLE orders ADD CONSTRAINT orders_user_id_fkey FOREIGN KEY (user_id) "
        "REFERENCES users(id)",
    ]
    positions = [restore.index(statement) for statement in in_order]
    assert positions == sorted(positions)
    assert "ALTER SEQUENCE public.users_id_seq OWNED BY users.id" in restore


def test_unique_constraints_keep_deferrable_and_never_validated_ones_stay_so() -> None:
    table = users()
    table.constraints = [
        ConstraintInfo(
            "uq_users_email",
            "u",
            "users",
            "UNIQUE (email) DEFERRABLE INITIALLY DEFERRED",
            ("email",),
        ),
        ConstraintInfo(
            "ck_users_email",
            "c",
            "users",
            "CHECK ((email)::text <> ''::text) NOT VALID",
            ("email",),
        ),
    ]
    plans = plan(table)
    constraints = executed(plans[2].upgrade)
    assert (
        "ALTER TABLE users ADD CONSTRAINT uq_users_email_address UNIQUE USING INDEX "
        "uq_users_email_address DEFERRABLE INITIALLY DEFERRED"
    ) in constraints
    assert (
        "ALTER TABLE users ADD CONSTRAINT ck_users_email_address CHECK "
        "((email_address)::text <> ''::text) NOT VALID"
    ) in constraints
    assert not [s for s in executed(plans[3].upgrade) if "ck_users_email_address " in s + " "]


def test_a_failed_concurrent_index_stops_the_constraints_revision() -> None:
    constraints = plan(users())[2]
    check = next(c for c in constraints.module_constants if c.startswith("CHECK_INDEXES"))
    assert "NOT indisvalid" in check
    assert "to_regclass('uq_users_email_address')" in check
    assert "to_regclass('ix_users_lower_email_address')" in check
    assert "RAISE EXCEPTION" in check


def test_other_triggers_are_named_in_the_expand_docstring() -> None:
    table = users()
    table.triggers = ["normalize_email"]
    assert "normalize_email" in plan(table)[0].docstring
    assert "Other triggers" not in plan(users())[0].docstring


# --------------------------------------------------------------------------- names and quoting


def _created_names(plans: list[RevisionPlan]) -> list[str]:
    pattern = re.compile(
        r"(?:CREATE TRIGGER|FUNCTION|INDEX CONCURRENTLY IF NOT EXISTS|ADD CONSTRAINT|"
        r'CREATE (?:UNIQUE )?INDEX) ((?:"(?:[^"]|"")+"|[\w$]+)(?:\.(?:"(?:[^"]|"")+"|[\w$]+))?)'
    )
    source = "\n".join(
        render_revision(p, f"r{i}", f"r{i - 1}", dt.datetime(2025, 1, 1))
        for i, p in enumerate(plans)
    )
    names = []
    for match in pattern.finditer(source):
        last = re.findall(r'"(?:[^"]|"")+"|[\w$]+', match.group(1))[-1]
        names.append(last[1:-1].replace('""', '"') if last.startswith('"') else last)
    return names


@pytest.mark.parametrize(
    ("table_name", "old", "new"),
    [
        ("customer_subscription_entitlements_by_region_history", "primary_contact_email_address",
         "billing_contact_email_address_verified"),
        ("t" * 63, "c" * 63, "d" * 63),
        ("clients_é" * 6, "adresse_électronique", "courriel_électronique_préféré"),
    ],
)  # fmt: skip
def test_every_name_fits_in_63_bytes_and_none_repeats(table_name: str, old: str, new: str) -> None:
    table = users()
    table.name = table_name
    table.columns = {
        (old if name == "email" else name): replace(c, name=old if name == "email" else name)
        for name, c in table.columns.items()
    }
    table.indexes = [
        index(
            f"uq_{table_name}_{old}"[:63],
            f"CREATE UNIQUE INDEX x ON public.{quote(table_name)} USING btree ({quote(old)})",
            (old,),
            f"uq_{table_name}_{old}"[:63],
        ),
        index(
            f"ix_{table_name}_{old}_lower"[:63],
            f"CREATE INDEX x ON public.{quote(table_name)} USING btree (lower({quote(old)}))",
            ("",),
        ),
    ]
    table.constraints = [
        ConstraintInfo(
            f"uq_{table_name}_{old}"[:63], "u", table_name, f"UNIQUE ({quote(old)})", (old,)
        ),
        ConstraintInfo(
            f"ck_{table_name}_{old}"[:63], "c", table_name, f"CHECK ({quote(old)} <> '')", (old,)
        ),
    ]
    table.relation_names = {table_name, *(ix.name for ix in table.indexes)}
    names = _created_names(plan(table, old, new))
    assert len(names) >= 6
    for name in names:
        assert len(name.encode()) <= MAX_IDENTIFIER, name
    created = [n for n in names if n not in {c.name for c in table.constraints}]
    # NOT NULL check and sync function are created once; index/constraint twins once each.
    assert len(set(created)) >= 5


def test_short_name_is_stable_unique_and_within_the_limit() -> None:
    long = "x" * 80
    assert len(short_name(long, suffix="sync").encode()) == MAX_IDENTIFIER
    assert short_name(long, suffix="sync").endswith("_sync")
    assert short_name(long, suffix="sync") == short_name(long, suffix="sync")
    assert short_name(long + "a") != short_name(long + "b")
    assert len(short_name("é" * 40).encode()) <= MAX_IDENTIFIER
    assert short_name("users", "email") == "users_email"


def test_new_names_never_collide_with_existing_ones() -> None:
    table = users()
    table.relation_names |= {"uq_users_email_address"}  # say, an index of another table
    constraints = executed(plan(table)[2].upgrade)
    assert (
        "CREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS uq_users_email_address_2 ON public.users "
        "USING btree (email_address)"
    ) in constraints


def test_odd_identifiers_are_quoted_everywhere() -> None:
    table = users()
    table.schema, table.name = "Sales", "User Accounts"
    table.columns['e"mail'] = replace(table.columns.pop("email"), name='e"mail')
    table.indexes = [
        index(
            "ix_mail",
            'CREATE INDEX ix_mail ON "Sales"."User Accounts" USING btree ("e""mail")',
            ('e"mail',),
        )
    ]
    table.constraints = [
        ConstraintInfo("ck_mail", "c", "t", 'CHECK (("e""mail" <> \'e"mail\'::text))', ('e"mail',))
    ]
    table.referencing = []
    plans = plan(table, 'e"mail', "select")
    all_sql = "\n".join(s for p in plans for s in executed(p.upgrade) + executed(p.downgrade))
    assert (
        'ALTER TABLE "Sales"."User Accounts" ADD COLUMN "select" character varying(120)' in all_sql
    )
    assert 'USING btree ("select")' in all_sql
    assert 'CHECK (("select" <> \'e"mail\'::text)) NOT VALID' in all_sql  # literal untouched
    assert 'ALTER TABLE "Sales"."User Accounts" DROP COLUMN "e""mail"' in all_sql
    assert 'DROP INDEX CONCURRENTLY IF EXISTS "Sales".ix_mail_select' in all_sql
    sync = plans[0].module_constants[0]
    assert 'NEW."select" := NEW."e""mail";' in sync
    # Names migcheck makes up are plain; they live in the table's schema.
    assert 'CREATE OR REPLACE FUNCTION "Sales".user_accounts_e_mail_select_sync()' in sync
    assert 'ADD CONSTRAINT ck_user_accounts_select_not_null CHECK ("select" IS NOT NULL)' in all_sql
    for i, item in enumerate(plans):
        compile(render_revision(item, f"r{i}", "r", dt.datetime(2025, 1, 1)), "<plan>", "exec")


def test_quote_follows_postgres_rules() -> None:
    assert quote("email") == "email"
    assert quote("user") == '"user"'
    assert quote("order") == '"order"'
    assert quote("Email") == '"Email"'
    assert quote("e mail") == '"e mail"'
    assert quote('e"mail') == '"e""mail"'
    assert quote("1st") == '"1st"'
    assert quote("name") == "name"  # unreserved keywords stay bare, as quote_ident leaves them


def test_swapping_a_column_leaves_literals_casts_qualified_names_and_calls_alone() -> None:
    swap = _swap_column
    assert (
        swap(
            "CHECK (((email)::text <> 'no-email'::text) AND (email ~~ '%email%'))", "email", "mail"
        )
        == "CHECK (((mail)::text <> 'no-email'::text) AND (mail ~~ '%email%'))"
    )
    assert swap("CHECK ((date > '2020-01-01'::date))", "date", "day") == (
        "CHECK ((day > '2020-01-01'::date))"
    )
    assert swap("lower(lower)", "lower", "low") == "lower(low)"
    assert swap("(t.email = email)", "email", "mail") == "(t.email = mail)"
    assert swap("(email_verified AND email IS NOT NULL)", "email", "mail") == (
        "(email_verified AND mail IS NOT NULL)"
    )
    assert swap('("Email" IS NOT NULL)', "Email", "email") == "(email IS NOT NULL)"
    assert swap("('it''s email' <> email)", "email", "mail") == "('it''s email' <> mail)"


def test_foreign_key_swaps_only_its_own_side() -> None:
    definition = (
        "FOREIGN KEY (code) REFERENCES countries(code) ON UPDATE CASCADE ON DELETE SET NULL (code)"
    )
    assert _swap_foreign_key(definition, "code", "country", side="columns") == (
        "FOREIGN KEY (country) REFERENCES countries(code) ON UPDATE CASCADE "
        "ON DELETE SET NULL (country)"
    )
    assert _swap_foreign_key(definition, "code", "iso", side="referenced") == (
        "FOREIGN KEY (code) REFERENCES countries(iso) ON UPDATE CASCADE ON DELETE SET NULL (code)"
    )
    with pytest.raises(MigcheckError):
        _swap_foreign_key("CHECK (x)", "x", "y", side="columns")


# --------------------------------------------------------------------------- refusals


def _one_line_error(
    table: TableInfo, old: str = "email", new: str = "email_address", **kw: int
) -> str:
    with pytest.raises(MigcheckError) as caught:
        plan(table, old, new, **kw)
    message = str(caught.value)
    assert "\n" not in message
    assert caught.value.exit_code == 2
    return message


def test_identity_generated_views_and_other_impossible_renames_are_refused_in_one_line() -> None:
    identity = users()
    identity.columns["id"] = replace(identity.columns["id"], identity="a", default=None)
    assert "users.id is an identity column" in _one_line_error(identity, "id", "user_id")

    generated = users()
    generated.columns["email"] = replace(
        generated.columns["email"], generated="s", default="lower((name)::text)"
    )
    assert "users.email is a generated column" in _one_line_error(generated)

    derived = users()
    derived.columns["email_domain"] = column(
        "email_domain", "text", generated="s", default="split_part((email)::text, '@'::text, 2)"
    )
    assert "email_domain" in _one_line_error(derived)

    viewed = users()
    viewed.dependent_views = {"active_users": ("id", "email"), "user_names": ("id", "name")}
    message = _one_line_error(viewed)
    assert "active_users" in message and "user_names" not in message
    # A view that does not use the column does not stand in the way.
    unrelated = users()
    unrelated.dependent_views = {"user_names": ("id", "name")}
    assert len(plan(unrelated)) == 5

    blocked = users()
    blocked.blockers = {"email": ("policy own_rows on table users", "trigger audit on table users")}
    message = _one_line_error(blocked)
    assert "policy own_rows on table users, trigger audit on table users" in message

    excluded = users()
    excluded.constraints.append(
        ConstraintInfo("ex_email", "x", "users", "EXCLUDE USING gist (email WITH =)", ("email",))
    )
    assert "exclusion constraint" in _one_line_error(excluded)

    partitioned = users()
    partitioned.partitioned = True
    assert "partitioned" in _one_line_error(partitioned)

    assert "PostgreSQL 11" in _one_line_error(users(), pg_version=11)
    assert "no column 'mail'" in _one_line_error(users(), "mail")
    # What lint's rename-column says to run, with the revision's own rename still in place.
    assert "a revision renames it already; remove that rename" in _one_line_error(
        users(), "full_name", "email"
    )
    assert "already has a column 'name'" in _one_line_error(users(), "email", "name")
    assert "new name is the old one" in _one_line_error(users(), "email", "email")
    assert "longer than 63 bytes" in _one_line_error(users(), "email", "x" * 64)


# --------------------------------------------------------------------------- table rename


def test_table_rename_is_a_view_then_its_removal() -> None:
    rename, contract = plan_table_rename(users(), "customers")
    assert executed(rename.upgrade) == [
        "SET LOCAL lock_timeout = '2s'",
        "ALTER TABLE users RENAME TO customers",
        "CREATE VIEW users WITH (security_invoker = true) AS SELECT * FROM customers",
        "<COPY_GRANTS>",
    ]
    assert "# migcheck: ignore[rename-table]" in "\n".join(rename.upgrade)
    # The application's roles get on the view what they have on the table, read at run time.
    grants = rename.module_constants[0]
    assert "aclexplode(c.relacl)" in grants
    assert "WHERE c.oid = 'customers'::regclass" in grants
    assert "EXECUTE format('GRANT %s ON %s TO %s', granted.privilege_type," in grants
    assert executed(rename.downgrade) == [
        "SET LOCAL lock_timeout = '2s'",
        "DROP VIEW IF EXISTS users",
        "ALTER TABLE customers RENAME TO users",
    ]
    assert executed(contract.upgrade)[-1] == "DROP VIEW users"
    assert executed(contract.downgrade)[1:] == [
        "CREATE VIEW users WITH (security_invoker = true) AS SELECT * FROM customers",
        "<COPY_GRANTS>",
    ]
    assert contract.module_constants == rename.module_constants
    assert "DEPLOY THIS ONLY AFTER" in contract.docstring


def test_table_rename_keeps_row_level_security_through_the_view() -> None:
    """A plain view reads with its owner's rights, past the table's policies: security_invoker
    where the server has it (15+); before that, a table with row-level security is refused."""
    table = users()
    table.row_security = True
    assert (
        "security_invoker = true" in executed(plan_table_rename(table, "customers")[0].upgrade)[2]
    )
    with pytest.raises(MigcheckError, match=r"row-level security.*PostgreSQL 14"):
        plan_table_rename(table, "customers", pg_version=14)
    table.row_security = False
    old_server = plan_table_rename(table, "customers", pg_version=14)[0]
    assert executed(old_server.upgrade)[2] == "CREATE VIEW users AS SELECT * FROM customers"


def test_table_rename_refusals() -> None:
    table = users()
    table.relation_names.add("orders")
    for new, expected in [
        ("orders", "already exists"),
        ("users", "new name is the old one"),
        ("archive.customers", "another schema"),
        ("c" * 64, "longer than 63 bytes"),
    ]:
        with pytest.raises(MigcheckError, match=expected):
            plan_table_rename(table, new)
    assert plan_table_rename(table, "public.customers")[0].slug == "rename_users_to_customers"


# --------------------------------------------------------------------------- the files


@pytest.fixture
def project(tmp_path: Path) -> Path:
    write_project(tmp_path, [])
    return tmp_path


def _chain(paths: list[Path]) -> list[tuple[str, str]]:
    result = []
    for path in paths:
        source = path.read_text(encoding="utf-8")
        compile(source, str(path), "exec")
        values = {
            node.target.id: ast.literal_eval(node.value)
            for node in ast.parse(source).body
            if isinstance(node, ast.AnnAssign)
            and isinstance(node.target, ast.Name)
            and node.value is not None
        }
        result.append((values["revision"], values["down_revision"]))
    return result


def test_files_compile_and_chain_on_the_head(project: Path) -> None:
    written = write_plans(find_project(project), plan(users()), BASE_ID, dry_run=False)
    chain = _chain([w.path for w in written])
    assert [down for _, down in chain] == [BASE_ID] + [rev for rev, _ in chain[:-1]]
    assert [(w.revision, w.down_revision) for w in written] == chain
    history = find_project(project).history
    assert history.heads == [chain[-1][0]]
    assert history.order[-5:] == [rev for rev, _ in chain]
    assert not history.problems
    for item in written:
        assert item.source.startswith(f'"""{item.plan.message}\n')
        assert f"Revision ID: {item.revision}\nRevises: {item.down_revision}\n" in item.source


def test_dry_run_writes_nothing(project: Path) -> None:
    before = sorted(project.rglob("*"))
    written = write_plans(find_project(project), plan(users()), BASE_ID, dry_run=True)
    assert sorted(project.rglob("*")) == before
    assert len(written) == 5
    assert all(not w.path.exists() and "def upgrade() -> None:" in w.source for w in written)


def test_file_names_follow_file_template_and_slug_length(project: Path) -> None:
    ini = project / "alembic.ini"
    ini.write_text(
        ini.read_text().replace(
            "[alembic]\n",
            "[alembic]\nfile_template = %%(year)d_%%(month).2d_%%(day).2d-%%(rev)s_%%(slug)s\n"
            "truncate_slug_length = 20\n",
        )
    )
    settings = naming_settings(find_project(project))
    assert settings.template == "%(year)d_%(month).2d_%(day).2d-%(rev)s_%(slug)s"
    assert settings.slug_length == 20
    written = write_plans(find_project(project), plan(users()), BASE_ID, dry_run=False)
    today = dt.date.today()
    for item in written:
        assert re.fullmatch(
            rf"{today.year}_{today.month:02d}_{today.day:02d}-{item.revision}_\w{{1,21}}\.py",
            item.path.name,
        ), item.path.name
    # Alembic's own truncation: at a word boundary, with a trailing underscore.
    assert written[0].path.name.endswith("_expand_users_email_.py")


def test_file_template_from_pyproject_and_the_default(tmp_path: Path) -> None:
    write_project(tmp_path, [])
    (tmp_path / "pyproject.toml").write_text(
        '[tool.alembic]\nfile_template = "%%(epoch)s_%%(slug)s"\n'.replace("%%", "%")
    )
    assert naming_settings(find_project(tmp_path)).template == "%(epoch)s_%(slug)s"
    now = dt.datetime(2025, 3, 4, 5, 6, 7)
    assert file_name("%(rev)s_%(slug)s", "abc", "expand users", now) == "abc_expand_users.py"
    assert file_name("%(nonsense)s", "abc", "x", now) == "abc_x.py"  # Alembic's default


def test_generated_files_are_formatted(project: Path) -> None:
    ruff = shutil.which("ruff") or (Path(sys.executable).parent / "ruff")
    if not Path(ruff).exists():
        pytest.skip("ruff is not installed")
    table = users()
    table.referencing.append(
        ConstraintInfo(
            "fk_a_very_long_constraint_name_for_subscriptions_user_email",
            "f",
            "subscriptions",
            "FOREIGN KEY (user_email) REFERENCES users(email) ON UPDATE CASCADE ON DELETE CASCADE",
            ("user_email",),
            "users",
            ("email",),
        )
    )
    written = [
        *write_plans(find_project(project), plan(table), BASE_ID, dry_run=False),
        *write_plans(find_project(project), plan(users(), "id", "user_id"), BASE_ID, dry_run=False),
        *write_plans(
            find_project(project), plan_table_rename(users(), "customers"), BASE_ID, dry_run=False
        ),
    ]
    completed = subprocess.run(
        [str(ruff), "format", "--check", "--diff", "--line-length", "100", "--no-cache",
         *(str(w.path) for w in written)],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert completed.returncode == 0, completed.stdout + completed.stderr


def test_generated_files_pass_the_offline_lint(project: Path) -> None:
    table = users()
    table.columns["email"] = column("email", not_null=True)
    table.referencing.append(
        ConstraintInfo(
            "fk_orders_email",
            "f",
            "orders",
            "FOREIGN KEY (note) REFERENCES users(email)",
            ("note",),
            "users",
            ("email",),
            indexed=False,  # as before the rename: the twin says so instead of warning again
        )
    )
    written = [
        *write_plans(find_project(project), plan(table), BASE_ID, dry_run=False),
    ]
    head = written[-1].revision
    written += write_plans(
        find_project(project), plan(users(), "id", "user_id"), head, dry_run=False
    )
    head = written[-1].revision
    written += write_plans(
        find_project(project), plan_table_rename(users(), "customers"), head, dry_run=False
    )
    result = lint_paths([project])
    assert {u.file for u in result.units} >= {w.path for w in written}
    mine = [
        f
        for f in result.findings
        if f.file in {w.path for w in written} and f.severity is not Severity.INFO
    ]
    assert mine == [], describe(mine)
    suppressed = written[2].path.read_text()
    assert (
        "# migcheck: ignore[foreign-key-without-index] the same as before the rename:" in suppressed
    )


def test_multiple_heads_exit_2_naming_them(tmp_path: Path) -> None:
    write_project(
        tmp_path,
        [
            revision("0002_left", BASE_ID, 'op.add_column("users", sa.Column("a", sa.Text()))'),
            revision("0003_right", BASE_ID, 'op.add_column("users", sa.Column("b", sa.Text()))'),
        ],
    )
    versions = sorted((tmp_path / "migrations" / "versions").glob("*.py"))
    done = run_cli("rename", "column", "users", "email", "mail", "--project", str(tmp_path))
    assert done.code == 2
    error = " ".join(done.stderr.split())
    assert "0002_left" in error and "0003_right" in error and "2 heads" in error
    assert error.count("\n") == 0
    assert sorted((tmp_path / "migrations" / "versions").glob("*.py")) == versions


def test_the_column_comment_goes_with_it() -> None:
    import dataclasses

    table = users()
    table.columns["email"] = dataclasses.replace(table.columns["email"], comment="it's the login")
    expand = executed(plan(table)[0].upgrade)
    assert expand[1:3] == [
        "ALTER TABLE users ADD COLUMN email_address character varying(120)",
        "COMMENT ON COLUMN users.email_address IS 'it''s the login'",
    ]
    assert not any("COMMENT" in sql for sql in executed(plan(users())[0].upgrade))


def test_a_colon_word_from_the_database_is_no_bind_parameter() -> None:
    """op.execute() wraps a string in sqlalchemy.text(): ':admin' in a copied comment must stay
    text, not become a bind parameter that fails the deploy for want of a value."""
    import dataclasses

    import sqlalchemy as sa
    from sqlalchemy.dialects import postgresql

    table = users()
    table.columns["email"] = dataclasses.replace(table.columns["email"], comment="e.g. ':admin'")
    [comment] = [sql for sql in executed(plan(table)[0].upgrade) if sql.startswith("COMMENT")]
    compiled = sa.text(comment).compile(dialect=postgresql.dialect())
    assert compiled.params == {}
    assert str(compiled) == "COMMENT ON COLUMN users.email_address IS 'e.g. '':admin'''"
