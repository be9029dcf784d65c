"""Every rule in Alembic form: a base revision creates the shop's tables, a revision under test
does one thing unsafely (``# expect: rule`` above the ``op.`` call) and the same thing safely (no
marker). Findings must be exactly the markers, on the line of the ``op.`` call.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers import (
    BASE_ID,
    INI,
    describe,
    env_py,
    expected,
    keys,
    lint_paths,
    revision,
    write_project,
)

from migcheck.lint import LintResult
from migcheck.model import Severity


def check(
    tmp_path: Path,
    *revisions: str,
    env: str | None = None,
    pg_version: int = 15,
) -> LintResult:
    """Write the project, lint it, compare findings (warnings/errors and info) to the markers."""
    project = write_project(tmp_path, list(revisions), env=env)
    result = lint_paths([tmp_path], pg_version=pg_version)
    files = sorted(project.versions.glob("*.py"))
    for info in (False, True):
        want = expected(files, info=info)
        got = keys(result.findings, info=info)
        assert got == want, (
            f"{'info' if info else 'warning/error'} findings differ from the markers\n"
            f"missing: {sorted(want - got)}\nunexpected: {sorted(got - want)}\n"
            f"all findings:\n{describe(result.findings)}"
        )
    return result


def rev(rev_id: str, body: str, down: str | tuple[str, ...] = BASE_ID, imports: str = "") -> str:
    return revision(rev_id, down, body, imports=imports)


# --------------------------------------------------------------------------- locking


def test_index_not_concurrent(tmp_path: Path) -> None:
    check(
        tmp_path,
        rev(
            "0002_indexes",
            """
            # expect: index-not-concurrent
            op.create_index("ix_orders_status", "orders", ["status"])
            with op.get_context().autocommit_block():
                op.create_index(
                    "ix_orders_placed_at",
                    "orders",
                    ["placed_at"],
                    postgresql_concurrently=True,
                    if_not_exists=True,
                )
            op.create_table("refund_notes", sa.Column("id", sa.Integer(), primary_key=True),
                            sa.Column("body", sa.Text()))
            op.create_index("ix_refund_notes_body", "refund_notes", ["body"])
            """,
        ),
    )


def test_drop_index_not_concurrent(tmp_path: Path) -> None:
    check(
        tmp_path,
        rev(
            "0002_drop_indexes",
            """
            # expect: drop-index-not-concurrent
            op.drop_index("ix_orders_created_at", table_name="orders")
            with op.get_context().autocommit_block():
                op.drop_index(
                    "ix_invoices_order_id",
                    table_name="invoices",
                    postgresql_concurrently=True,
                    if_exists=True,
                )
            """,
        ),
    )


def test_drop_index_before_its_table_is_dropped_is_no_extra_hazard(tmp_path: Path) -> None:
    """The DROP TABLE that follows takes ACCESS EXCLUSIVE anyway (drop-table says so)."""
    check(
        tmp_path,
        rev(
            "0002_drop_invoices",
            """
            op.drop_index("ix_invoices_order_id", table_name="invoices")
            # expect: drop-table
            op.drop_table("invoices")
            """,
        ),
    )


def test_non_transactional_statement(tmp_path: Path) -> None:
    check(
        tmp_path,
        rev(
            "0002_concurrent_outside_block",
            """
            # expect: non-transactional-statement
            op.create_index("ix_orders_status", "orders", ["status"], postgresql_concurrently=True)
            # expect: non-transactional-statement
            op.execute("VACUUM ANALYZE orders")
            with op.get_context().autocommit_block():
                op.create_index(
                    "ix_orders_note", "orders", ["note"], postgresql_concurrently=True
                )
                op.execute("VACUUM ANALYZE orders")
                op.execute("ALTER TYPE order_status ADD VALUE IF NOT EXISTS 'refunded'")
            """,
        ),
    )


def test_non_transactional_enum_value_before_pg12(tmp_path: Path) -> None:
    check(
        tmp_path,
        rev(
            "0002_enum_value",
            """
            # expect: non-transactional-statement
            op.execute("ALTER TYPE order_status ADD VALUE 'refunded'")
            with op.get_context().autocommit_block():
                op.execute("ALTER TYPE order_status ADD VALUE 'chargeback'")
            """,
        ),
        pg_version=11,
    )


def test_detach_partition_not_concurrent(tmp_path: Path) -> None:
    check(
        tmp_path,
        rev(
            "0002_detach",
            """
            # expect: detach-partition-not-concurrent
            op.execute("ALTER TABLE events DETACH PARTITION events_2022")
            with op.get_context().autocommit_block():
                op.execute("ALTER TABLE events DETACH PARTITION events_2023 CONCURRENTLY")
            """,
        ),
    )


def test_truncate(tmp_path: Path) -> None:
    check(
        tmp_path,
        rev(
            "0002_truncate",
            """
            # expect: truncate
            op.execute("TRUNCATE payments")
            op.create_table("import_rows", sa.Column("id", sa.Integer()))
            op.execute("TRUNCATE import_rows")
            """,
        ),
    )


def test_exclusion_constraint(tmp_path: Path) -> None:
    check(
        tmp_path,
        rev(
            "0002_exclude",
            """
            # expect: exclusion-constraint
            op.create_exclude_constraint(
                "excl_orders_user_placed",
                "orders",
                ("user_id", "="),
                ("placed_at", "="),
                using="gist",
            )
            op.create_table(
                "bookings",
                sa.Column("id", sa.Integer(), primary_key=True),
                sa.Column("room", sa.Integer()),
                sa.Column("during", postgresql.TSTZRANGE()),
            )
            op.execute(
                "ALTER TABLE bookings ADD CONSTRAINT no_overlap "
                "EXCLUDE USING gist (room WITH =, during WITH &&)"
            )
            """,
        ),
    )


def test_missing_lock_timeout(tmp_path: Path) -> None:
    """Once per transaction, at the first statement that needs it; not after SET."""
    check(
        tmp_path,
        rev(
            "0002_no_timeout",
            """
            op.create_table("tags", sa.Column("id", sa.Integer(), primary_key=True))
            # expect: missing-lock-timeout
            op.add_column("orders", sa.Column("gift_note", sa.Text()))
            op.add_column("orders", sa.Column("gift_wrap", sa.Boolean()))
            """,
        ),
        env=env_py(lock_timeout=False),
    )


def test_missing_lock_timeout_set_in_revision(tmp_path: Path) -> None:
    check(
        tmp_path,
        rev(
            "0002_timeout_first",
            """
            op.execute("SET lock_timeout = '2s'")
            op.add_column("orders", sa.Column("gift_note", sa.Text()))
            """,
        ),
        env=env_py(lock_timeout=False),
    )


def test_missing_lock_timeout_set_by_env(tmp_path: Path) -> None:
    check(
        tmp_path,
        rev("0002_gift", 'op.add_column("orders", sa.Column("gift_note", sa.Text()))'),
        env=env_py(lock_timeout=True),
    )


def test_missing_lock_timeout_per_transaction(tmp_path: Path) -> None:
    """With transaction_per_migration, SET LOCAL in one revision does not cover the next."""
    check(
        tmp_path,
        rev(
            "0002_local",
            """
            op.execute("SET LOCAL lock_timeout = '2s'")
            op.add_column("orders", sa.Column("gift_note", sa.Text()))
            """,
        ),
        rev(
            "0003_next",
            """
            # expect: missing-lock-timeout
            op.add_column("payments", sa.Column("note", sa.Text()))
            """,
            down="0002_local",
        ),
        env=env_py(lock_timeout=False, transaction_per_migration=True),
    )


def test_begin_inside_an_autocommit_block_is_a_transaction_until_commit(tmp_path: Path) -> None:
    """``BEGIN; SET LOCAL lock_timeout ...; <DDL>; COMMIT`` in autocommit_block() (what
    migcheck rename writes): the SET LOCAL covers the DDL; after COMMIT it is gone."""
    check(
        tmp_path,
        rev(
            "0002_begin_in_autocommit",
            """
            with op.get_context().autocommit_block():
                op.execute(
                    "BEGIN; SET LOCAL lock_timeout = '2s'; "
                    "ALTER TABLE orders ADD COLUMN gift_note text; COMMIT"
                )
                # expect: missing-lock-timeout
                op.execute("ALTER TABLE orders ADD COLUMN gift_wrap boolean")
            """,
        ),
        env=env_py(lock_timeout=False),
    )


def test_statements_after_access_exclusive(tmp_path: Path) -> None:
    check(
        tmp_path,
        rev(
            "0002_hold",
            """
            op.add_column("orders", sa.Column("refunded_at", sa.DateTime(timezone=True)))
            # expect: statements-after-access-exclusive
            op.execute("ALTER TABLE payments VALIDATE CONSTRAINT fk_payments_order")
            op.add_column("orders", sa.Column("refund_reason", sa.Text()))
            """,
        ),
    )


def test_statements_after_access_exclusive_negative(tmp_path: Path) -> None:
    """The slow step first, the quick ACCESS EXCLUSIVE change last."""
    check(
        tmp_path,
        rev(
            "0002_order",
            """
            op.execute("ALTER TABLE payments VALIDATE CONSTRAINT fk_payments_order")
            op.add_column("orders", sa.Column("refunded_at", sa.DateTime(timezone=True)))
            op.add_column("orders", sa.Column("refund_reason", sa.Text()))
            """,
        ),
    )


# --------------------------------------------------------------------------- rewrites


def test_add_column_rewrite(tmp_path: Path) -> None:
    check(
        tmp_path,
        rev(
            "0002_public_id",
            """
            # expect: add-column-rewrite
            op.add_column(
                "orders",
                sa.Column(
                    "public_id",
                    sa.Uuid(),
                    server_default=sa.text("gen_random_uuid()"),
                    nullable=False,
                ),
            )
            # expect: add-column-rewrite, statements-after-access-exclusive
            op.add_column("orders", sa.Column("seq", sa.BigInteger(), sa.Identity()))
            op.add_column(
                "orders",
                sa.Column("updated_at", sa.DateTime(timezone=True), server_default=sa.func.now()),
            )
            op.add_column(
                "orders", sa.Column("channel", sa.String(16), nullable=False, server_default="web")
            )
            """,
        ),
    )


def test_add_column_rewrite_any_default_before_pg11(tmp_path: Path) -> None:
    check(
        tmp_path,
        rev(
            "0002_channel",
            """
            # expect: add-column-rewrite
            op.add_column(
                "orders", sa.Column("channel", sa.String(16), nullable=False, server_default="web")
            )
            op.add_column("orders", sa.Column("referrer", sa.Text(), nullable=True))
            """,
        ),
        pg_version=10,
    )


def test_column_type_rewrite(tmp_path: Path) -> None:
    check(
        tmp_path,
        rev(
            "0002_types",
            """
            # expect: column-type-rewrite
            op.alter_column("orders", "id", type_=sa.BigInteger(), existing_type=sa.Integer())
            # varchar(200) -> varchar(500) and varchar -> text are binary coercible: no rewrite.
            op.alter_column(
                "orders", "note", type_=sa.String(500), existing_type=sa.String(200)
            )
            op.alter_column("users", "name", type_=sa.Text(), existing_type=sa.String(50))
            # A USING that only casts to the new type changes nothing either.
            op.alter_column(
                "orders",
                "status",
                type_=sa.Text(),
                existing_type=sa.String(20),
                postgresql_using="status::text",
            )
            """,
        ),
    )


def test_column_type_rewrite_uses_existing_type(tmp_path: Path) -> None:
    """A table the migrations never created: only existing_type tells the old type."""
    check(
        tmp_path,
        rev(
            "0002_legacy_types",
            """
            op.alter_column(
                "legacy_customers",
                "email",
                type_=sa.String(255),
                existing_type=sa.String(120),
                existing_nullable=False,
            )
            # expect: column-type-rewrite, statements-after-access-exclusive
            op.alter_column("legacy_customers", "phone", type_=sa.String(40))
            # expect: column-type-rewrite, statements-after-access-exclusive
            op.alter_column(
                "legacy_customers", "code", type_=sa.String(8), existing_type=sa.String(16)
            )
            """,
        ),
    )


def test_table_rewrite(tmp_path: Path) -> None:
    check(
        tmp_path,
        rev(
            "0002_maintenance",
            """
            with op.get_context().autocommit_block():
                # expect: table-rewrite
                op.execute("VACUUM FULL payments")
                op.execute("REINDEX TABLE CONCURRENTLY payments")
                op.execute("VACUUM (ANALYZE) payments")
            # expect: table-rewrite
            op.execute("ALTER TABLE invoices SET TABLESPACE archive")
            """,
        ),
    )


# --------------------------------------------------------------------------- constraints


def test_required_column_no_default(tmp_path: Path) -> None:
    check(
        tmp_path,
        rev(
            "0002_channel",
            """
            # expect: required-column-no-default
            op.add_column("orders", sa.Column("channel", sa.String(16), nullable=False))
            op.add_column(
                "orders", sa.Column("source", sa.String(16), nullable=False, server_default="web")
            )
            """,
        ),
    )


def test_not_null_on_a_column_added_empty(tmp_path: Path) -> None:
    """glance's ocata_expand01 adds images.visibility with no default, ocata_contract01 makes it
    NOT NULL: every existing row is NULL unless something fills it in between. Not after an
    UPDATE of the table (of the column, or of another that a trigger copies, as expand-contract
    does), not with a server default, and not after a revision seen only in part (its loop
    over rows lint's database does not have may have been the backfill)."""
    result = check(
        tmp_path,
        rev(
            "0002_add",
            """
            op.add_column("orders", sa.Column("channel", sa.String(16)))
            op.add_column("orders", sa.Column("source", sa.String(16), server_default="web"))
            op.add_column("users", sa.Column("region", sa.String(16)))
            op.add_column("orders", sa.Column("lane", sa.String(16)))
            """,
        ),
        rev(
            "0003_fill",
            """
            # expect-info: mixed-schema-and-data
            op.execute("UPDATE users SET name = name WHERE id > 0")  # a trigger fills region
            """,
            down="0002_add",
        ),
        rev(
            "0004_require",
            """
            # expect: not-null-on-empty-column, set-not-null-scan
            op.alter_column("orders", "channel", nullable=False)
            # expect: set-not-null-scan, statements-after-access-exclusive
            op.alter_column("orders", "source", nullable=False)
            # expect: set-not-null-scan, statements-after-access-exclusive
            op.alter_column("users", "region", nullable=False)
            op.add_column("users", sa.Column("nick", sa.String(16)))
            # expect: not-null-on-empty-column, set-not-null-scan, statements-after-access-exclusive
            op.alter_column("users", "nick", nullable=False)
            """,
            down="0003_fill",
        ),
        rev(
            "0005_unseen",
            """
            conn = op.get_bind()
            # expect: render-failed
            for (order_id,) in conn.execute(sa.text("SELECT id FROM orders")).fetchall():
                conn.execute(sa.text("UPDATE orders SET lane = 'a' WHERE id = :id"), {"id": order_id})
            """,
            down="0004_require",
        ),
        rev(
            "0006_lane",
            """
            # expect: set-not-null-scan
            op.alter_column("orders", "lane", nullable=False)
            """,
            down="0005_unseen",
        ),
    )
    messages = sorted(f.message for f in result.findings if f.rule == "not-null-on-empty-column")
    assert messages[0].startswith("orders.channel was added without a default by 0002_add.py")
    assert "earlier in this revision" in messages[1]


def test_required_column_with_only_a_python_default_says_so(tmp_path: Path) -> None:
    """ironic's dbefd6bdaa2c, octavia's 543f5d8e4e56: ``sa.Column(..., nullable=False,
    default=False)``. The default is SQLAlchemy's, so the statement fails on a table with
    rows; the message names that default, which is why the author thought it was safe."""
    result = check(
        tmp_path,
        rev(
            "0002_flags",
            """
            # expect: required-column-no-default
            op.add_column("orders", sa.Column("gift", sa.Boolean, nullable=False, default=False))
            # expect: required-column-no-default
            op.add_column(
                "orders",
                sa.Column("stamp", sa.DateTime, nullable=False, default=datetime.datetime.now),
            )
            # expect: required-column-no-default
            op.add_column("orders", sa.Column("token", sa.Text, nullable=False, default=lambda: "x"))
            # expect: required-column-no-default
            op.add_column("orders", sa.Column("channel", sa.String(16), nullable=False))
            op.add_column(
                "orders",
                sa.Column("rush", sa.Boolean, nullable=False, default=False,
                          server_default=sa.false()),
            )
            """,
            imports="import datetime",
        ),
    )
    messages = sorted(f.message for f in result.findings if f.rule == "required-column-no-default")
    assert len(messages) == 4
    channel, gift, stamp, token = messages
    assert channel.startswith("ADD COLUMN channel") and "SQLAlchemy" not in channel
    assert gift.startswith("ADD COLUMN gift")
    assert "default=False is applied by SQLAlchemy" in gift and "server_default" in gift
    assert "default=datetime.now is applied by SQLAlchemy" in stamp
    assert "default=a Python function is applied by SQLAlchemy" in token


def test_required_column_on_a_table_emptied_in_the_same_transaction(tmp_path: Path) -> None:
    """Airflow's 0093: DELETE FROM callback_request, rename it, then add NOT NULL columns: the
    table holds no rows by then (renamed or not). Emptied in an earlier transaction, or only
    partly (WHERE), it may have rows again."""
    check(
        tmp_path,
        rev(
            "0002_emptied",
            """
            # expect: full-table-dml, mixed-schema-and-data
            op.execute("DELETE FROM orders")
            # expect: rename-table
            op.rename_table("orders", "purchases")
            op.add_column("purchases", sa.Column("channel", sa.String(16), nullable=False))
            # expect: truncate
            op.execute("TRUNCATE coupons")
            op.add_column("coupons", sa.Column("kind", sa.String(16), nullable=False))
            # expect: statements-after-access-exclusive
            op.execute("DELETE FROM users WHERE legacy_flag")
            # expect: required-column-no-default
            op.add_column("users", sa.Column("tier", sa.String(16), nullable=False))
            """,
        ),
    )


def test_drop_table_still_referenced(tmp_path: Path) -> None:
    """aim's 73a3d004c227, autogenerated on SQLite: commits dropped before commit_tag, which
    references it. PostgreSQL refuses; dropped in the other order, or in one statement with
    the table that references it, or with CASCADE, it does not."""
    check(
        tmp_path / "wrong",
        rev(
            "0002_drops",
            """
            # expect: drop-table, drop-table-still-referenced
            op.drop_table("users")
            # expect: drop-table
            op.drop_table("orders")
            """,
        ),
    )
    check(
        tmp_path / "right",
        rev(
            "0002_in_order",
            """
            # expect: drop-table
            op.drop_table("orders")
            # expect: drop-table
            op.drop_table("users")
            """,
        ),
    )


def test_drop_table_with_the_table_that_references_it_or_cascade(tmp_path: Path) -> None:
    check(
        tmp_path,
        rev(
            "0002_together",
            """
            # expect: drop-table
            op.execute("DROP TABLE users, orders")
            """,
        ),
    )
    check(
        tmp_path / "cascade",
        rev(
            "0002_cascade",
            """
            # expect: drop-table
            op.execute("DROP TABLE users CASCADE")
            """,
        ),
    )


def test_type_change_needs_using(tmp_path: Path) -> None:
    """Autogenerated on SQLite, which converts anything: varchar to integer needs USING on
    PostgreSQL, on an empty table too (a new one here). With postgresql_using, or to a string
    type, it does not."""
    check(
        tmp_path,
        rev(
            "0002_types",
            """
            op.create_table("tickets", sa.Column("code", sa.String(10)), sa.Column("n", sa.Integer()))
            # expect: type-change-needs-using
            op.alter_column("tickets", "code", type_=sa.Integer(), existing_type=sa.String(10))
            op.alter_column("tickets", "n", type_=sa.Text(), existing_type=sa.Integer())
            # expect: column-type-rewrite
            op.alter_column(
                "orders", "note", type_=sa.Integer(), existing_type=sa.String(200),
                postgresql_using="note::integer",
            )
            # expect: column-type-rewrite, type-change-needs-using, statements-after-access-exclusive
            op.alter_column("orders", "total_cents", type_=sa.Boolean())
            """,
        ),
    )


def test_set_not_null_scan(tmp_path: Path) -> None:
    check(
        tmp_path,
        rev(
            "0002_not_null",
            """
            # expect: set-not-null-scan
            op.alter_column(
                "orders",
                "placed_at",
                existing_type=sa.DateTime(timezone=True),
                nullable=False,
            )
            """,
        ),
    )


def test_set_not_null_after_validated_check(tmp_path: Path) -> None:
    """The safe sequence over three revisions, each in its own transaction."""
    check(
        tmp_path,
        rev(
            "0002_check_not_valid",
            """
            op.create_check_constraint(
                "ck_orders_coupon_id_not_null",
                "orders",
                "coupon_id IS NOT NULL",
                postgresql_not_valid=True,
            )
            """,
        ),
        rev(
            "0003_validate",
            'op.execute("ALTER TABLE orders VALIDATE CONSTRAINT ck_orders_coupon_id_not_null")',
            down="0002_check_not_valid",
        ),
        rev(
            "0004_set_not_null",
            """
            op.alter_column("orders", "coupon_id", existing_type=sa.Integer(), nullable=False)
            op.drop_constraint("ck_orders_coupon_id_not_null", "orders", type_="check")
            """,
            down="0003_validate",
        ),
        env=env_py(transaction_per_migration=True),
    )


def test_set_not_null_check_does_not_help_before_pg12(tmp_path: Path) -> None:
    check(
        tmp_path,
        rev(
            "0002_check",
            """
            op.create_check_constraint(
                "ck_orders_coupon_id_not_null", "orders", "coupon_id IS NOT NULL",
                postgresql_not_valid=True,
            )
            """,
        ),
        rev(
            "0003_validate_and_set",
            """
            op.execute("ALTER TABLE orders VALIDATE CONSTRAINT ck_orders_coupon_id_not_null")
            # expect: set-not-null-scan
            op.alter_column("orders", "coupon_id", existing_type=sa.Integer(), nullable=False)
            """,
            down="0002_check",
        ),
        env=env_py(transaction_per_migration=True),
        pg_version=11,
    )


def test_validating_constraint(tmp_path: Path) -> None:
    check(
        tmp_path,
        rev(
            "0002_constraints",
            """
            with op.get_context().autocommit_block():
                op.create_index(
                    "ix_orders_coupon_id", "orders", ["coupon_id"], postgresql_concurrently=True
                )
            # expect: validating-constraint
            op.create_foreign_key("fk_orders_coupon", "orders", "coupons", ["coupon_id"], ["id"])
            # expect: validating-constraint
            op.create_check_constraint("ck_orders_total", "orders", "total_cents >= 0")
            op.create_check_constraint(
                "ck_payments_amount", "payments", "amount_cents > 0", postgresql_not_valid=True
            )
            """,
        ),
    )


def test_validating_constraint_in_the_same_transaction(tmp_path: Path) -> None:
    check(
        tmp_path,
        rev(
            "0002_validate_too_soon",
            """
            op.create_foreign_key(
                "fk_payments_order", "payments", "orders", ["order_id"], ["id"],
                postgresql_not_valid=True,
            )
            # expect: validating-constraint
            op.execute("ALTER TABLE payments VALIDATE CONSTRAINT fk_payments_order")
            with op.get_context().autocommit_block():
                op.create_index(
                    "ix_payments_order_id", "payments", ["order_id"], postgresql_concurrently=True
                )
            """,
        ),
    )


def test_validate_in_next_revision_same_run_is_info(tmp_path: Path) -> None:
    """Separate revisions, as recommended: only env.py's single transaction joins them."""
    check(
        tmp_path,
        rev(
            "0002_fk_not_valid",
            """
            op.create_foreign_key(
                "fk_invoices_order", "invoices", "orders", ["order_id"], ["id"],
                postgresql_not_valid=True,
            )
            """,
        ),
        rev(
            "0003_validate",
            """
            # expect-info: validating-constraint
            op.execute("ALTER TABLE invoices VALIDATE CONSTRAINT fk_invoices_order")
            """,
            down="0002_fk_not_valid",
        ),
    )


def test_validate_in_next_revision_own_transaction(tmp_path: Path) -> None:
    check(
        tmp_path,
        rev(
            "0002_fk_not_valid",
            """
            op.create_foreign_key(
                "fk_invoices_order", "invoices", "orders", ["order_id"], ["id"],
                postgresql_not_valid=True,
            )
            """,
        ),
        rev(
            "0003_validate",
            'op.execute("ALTER TABLE invoices VALIDATE CONSTRAINT fk_invoices_order")',
            down="0002_fk_not_valid",
        ),
        env=env_py(transaction_per_migration=True),
    )


def test_unique_constraint_without_index(tmp_path: Path) -> None:
    check(
        tmp_path,
        rev(
            "0002_unique",
            """
            # expect: unique-constraint-without-index
            op.create_unique_constraint("uq_invoices_number", "invoices", ["number"])
            with op.get_context().autocommit_block():
                op.create_index(
                    "uq_users_email",
                    "users",
                    ["email"],
                    unique=True,
                    postgresql_concurrently=True,
                )
            op.execute(
                "ALTER TABLE users ADD CONSTRAINT uq_users_email UNIQUE USING INDEX uq_users_email"
            )
            """,
        ),
    )


def test_foreign_key_without_index(tmp_path: Path) -> None:
    check(
        tmp_path,
        rev(
            "0002_fks",
            """
            # expect: foreign-key-without-index
            op.create_foreign_key(
                "fk_payments_order", "payments", "orders", ["order_id"], ["id"],
                postgresql_not_valid=True,
            )
            # invoices.order_id has ix_invoices_order_id from the base revision.
            op.create_foreign_key(
                "fk_invoices_order", "invoices", "orders", ["order_id"], ["id"],
                postgresql_not_valid=True,
            )
            op.create_table(
                "refunds",
                sa.Column("id", sa.Integer(), primary_key=True),
                sa.Column("payment_id", sa.Integer(), sa.ForeignKey("payments.id"), index=True),
            )
            """,
        ),
    )


def test_foreign_key_without_index_on_a_same_name_table_of_another_schema(
    tmp_path: Path,
) -> None:
    """An index on public.payments does not serve billing.payments' foreign key."""
    check(
        tmp_path,
        rev(
            "0002_billing",
            """
            op.execute("CREATE SCHEMA billing")
            op.create_table(
                "payments",
                sa.Column("id", sa.Integer(), primary_key=True),
                sa.Column("order_id", sa.Integer(), nullable=False),
                schema="billing",
            )
            # expect: index-not-concurrent
            op.create_index("ix_payments_order_id", "payments", ["order_id"], schema="public")
            """,
        ),
        rev(
            "0003_billing_fk",
            """
            # expect: foreign-key-without-index
            op.create_foreign_key(
                "fk_billing_payments_order", "payments", "orders", ["order_id"], ["id"],
                source_schema="billing", referent_schema="public",
                postgresql_not_valid=True,
            )
            op.create_foreign_key(
                "fk_payments_order", "payments", "orders", ["order_id"], ["id"],
                postgresql_not_valid=True,
            )
            """,
            down="0002_billing",
        ),
    )


def test_search_path_decides_where_unqualified_tables_are(tmp_path: Path) -> None:
    """Under SET search_path TO billing, "payments" is a new billing.payments (its index is
    no hazard); back on public, "payments" is the existing public.payments again."""
    check(
        tmp_path,
        rev(
            "0002_billing",
            """
            op.execute("CREATE SCHEMA billing")
            op.execute("SET search_path TO billing, public")
            op.create_table(
                "payments",
                sa.Column("id", sa.Integer(), primary_key=True),
                sa.Column("order_id", sa.Integer(), nullable=False),
            )
            op.create_index("ix_billing_payments_order_id", "payments", ["order_id"])
            op.execute("RESET search_path")
            # expect: index-not-concurrent
            op.create_index("ix_payments_provider", "payments", ["provider"])
            """,
        ),
    )


def test_domain_constraint(tmp_path: Path) -> None:
    check(
        tmp_path,
        rev(
            "0002_domains",
            """
            # expect: domain-constraint
            op.execute("CREATE DOMAIN positive_cents AS integer CHECK (VALUE > 0)")
            op.execute("CREATE DOMAIN order_reference AS text")
            """,
        ),
    )


# --------------------------------------------------------------------------- compatibility


def test_rename_column(tmp_path: Path) -> None:
    check(
        tmp_path,
        rev(
            "0002_rename_column",
            """
            # expect: rename-column
            op.alter_column("users", "name", new_column_name="full_name")
            op.create_table("drafts", sa.Column("id", sa.Integer()), sa.Column("ttl", sa.Text()))
            op.alter_column("drafts", "ttl", new_column_name="title")
            """,
        ),
    )


def test_rename_table(tmp_path: Path) -> None:
    check(
        tmp_path,
        rev(
            "0002_rename_table",
            """
            # expect: rename-table
            op.rename_table("coupons", "vouchers")
            op.create_table("tmp_import", sa.Column("id", sa.Integer()))
            op.rename_table("tmp_import", "product_import")
            """,
        ),
    )


def test_drop_column(tmp_path: Path) -> None:
    check(
        tmp_path,
        rev(
            "0002_drop_column",
            """
            # expect: drop-column
            op.drop_column("users", "legacy_flag")
            op.create_table("drafts", sa.Column("id", sa.Integer()), sa.Column("raw", sa.Text()))
            op.drop_column("drafts", "raw")
            # Added by this revision: no running code uses it.
            op.add_column("orders", sa.Column("old_schedule", sa.String(10)))
            op.drop_column("orders", "old_schedule")
            """,
        ),
    )


def test_drop_table(tmp_path: Path) -> None:
    check(
        tmp_path,
        rev(
            "0002_drop_table",
            """
            # expect: drop-table
            op.drop_table("coupons")
            op.create_table("scratch", sa.Column("id", sa.Integer()))
            op.drop_table("scratch")
            """,
        ),
    )


def test_drop_not_null(tmp_path: Path) -> None:
    check(
        tmp_path,
        rev(
            "0002_drop_not_null",
            """
            # expect: drop-not-null
            op.alter_column("payments", "provider", existing_type=sa.String(30), nullable=True)
            op.create_table("drafts", sa.Column("title", sa.Text(), nullable=False))
            op.alter_column("drafts", "title", existing_type=sa.Text(), nullable=True)
            # orders.note was created nullable: nothing changes (only the type).
            op.alter_column("orders", "note", existing_type=sa.String(200), nullable=True,
                            type_=sa.String(200))
            """,
        ),
    )


def test_set_not_null_on_a_column_that_is_not_null_already(tmp_path: Path) -> None:
    """payments.amount_cents was created NOT NULL, users.id is a primary key: no scan."""
    check(
        tmp_path,
        rev(
            "0002_not_null_again",
            """
            op.alter_column("payments", "amount_cents", existing_type=sa.Integer(), nullable=False)
            op.alter_column("coupons", "id", existing_type=sa.Integer(), nullable=False)
            # expect: set-not-null-scan, statements-after-access-exclusive
            op.alter_column("orders", "note", existing_type=sa.String(200), nullable=False)
            """,
        ),
    )


def test_json_column(tmp_path: Path) -> None:
    check(
        tmp_path,
        rev(
            "0002_json",
            """
            # expect: json-column
            op.add_column("payments", sa.Column("gateway_response", sa.JSON()))
            op.add_column("orders", sa.Column("metadata", postgresql.JSONB()))
            """,
        ),
    )


def test_not_postgresql_types(tmp_path: Path) -> None:
    # Each type checked on a PostgreSQL 18 server: BLOB, DATETIME, CLOB and DOUBLE fail there;
    # NCHAR, DOUBLE PRECISION and a domain called blob (made first) do not.
    result = check(
        tmp_path,
        rev(
            "0002_sqlite_types",
            """
            # expect: not-postgresql
            op.add_column("payments", sa.Column("receipt", sa.BLOB()))
            # expect: not-postgresql
            op.create_table("notes", sa.Column("id", sa.Integer(), primary_key=True),
                            sa.Column("body", sa.CLOB()), sa.Column("score", sa.DOUBLE()),
                            sa.Column("seen_at", sa.DATETIME()))
            op.add_column("invoices", sa.Column("currency", sa.NCHAR(3)))
            op.add_column("invoices", sa.Column("rate", sa.Double()))
            op.add_column("invoices", sa.Column("raw", sa.LargeBinary()))
            op.execute("CREATE DOMAIN blob AS bytea")
            op.add_column("orders", sa.Column("attachment", sa.BLOB()))
            """,
        ),
    )
    notes = [f.message for f in result.findings if f.line == 21]
    assert [m.split(" (")[0] for m in notes] == [
        "PostgreSQL has no type CLOB",
        "PostgreSQL has no type DOUBLE",
        "PostgreSQL has no type DATETIME",
    ]


def test_not_postgresql_syntax_is_an_error(tmp_path: Path) -> None:
    result = check(
        tmp_path,
        rev(
            "0002_mysql",
            """
            # expect: not-postgresql
            op.execute("ALTER TABLE orders ADD COLUMN hits INT UNSIGNED NOT NULL DEFAULT 0")
            """,
        ),
    )
    (finding,) = result.findings
    assert finding.severity is Severity.ERROR
    assert "UNSIGNED (MySQL)" in finding.message


def test_identifier_too_long(tmp_path: Path) -> None:
    check(
        tmp_path,
        rev(
            "0002_long_names",
            """
            # expect: identifier-too-long
            op.create_table(
                "customer_subscription_plan_price_override_history_entries_archive",
                sa.Column("id", sa.Integer(), primary_key=True),
            )
            op.create_table(
                "plan_price_overrides", sa.Column("id", sa.Integer(), primary_key=True)
            )
            """,
        ),
    )


# --------------------------------------------------------------------------- transactions


def test_mixed_schema_and_data(tmp_path: Path) -> None:
    check(
        tmp_path,
        rev(
            "0002_currency",
            """
            op.add_column("orders", sa.Column("currency", sa.String(3)))
            # expect: mixed-schema-and-data, statements-after-access-exclusive
            op.execute("UPDATE orders SET currency = 'EUR' WHERE currency IS NULL AND id < 1000")
            """,
        ),
    )


def test_mixed_schema_and_data_counts_the_others_and_follows_the_order(tmp_path: Path) -> None:
    result = check(
        tmp_path,
        rev(
            "0002_backfills",
            """
            # expect: mixed-schema-and-data
            op.execute("UPDATE users SET name = 'x' WHERE id < 10")
            op.execute("UPDATE orders SET note = 'y' WHERE id < 10")
            op.add_column("payments", sa.Column("currency", sa.String(3)))
            """,
        ),
    )
    [finding] = [f for f in result.findings if f.rule == "mixed-schema-and-data"]
    assert "(and 1 more data change)" in finding.message
    assert "the rows it changes stay locked until the schema change" in finding.message


def test_mixed_schema_and_data_bulk_insert(tmp_path: Path) -> None:
    check(
        tmp_path,
        rev(
            "0002_coupons_seed",
            """
            op.add_column("coupons", sa.Column("percent_off", sa.SmallInteger()))
            coupons = sa.table(
                "coupons", sa.column("code", sa.String), sa.column("percent_off", sa.Integer)
            )
            # expect: mixed-schema-and-data
            op.bulk_insert(coupons, [{"code": "WELCOME10", "percent_off": 10}])
            op.create_table(
                "countries",
                sa.Column("code", sa.String(2), primary_key=True),
                sa.Column("name", sa.Text()),
            )
            countries = sa.table(
                "countries", sa.column("code", sa.String), sa.column("name", sa.String)
            )
            op.bulk_insert(countries, [{"code": "DE", "name": "Germany"}])
            """,
        ),
    )


def test_data_only_revision_is_not_mixed(tmp_path: Path) -> None:
    """A data-only revision is the recommended separation; env.py's single transaction earns
    it one info hint, and transaction_per_migration=True removes even that."""
    revisions = [
        rev("0002_currency", 'op.add_column("orders", sa.Column("currency", sa.String(3)))'),
        rev(
            "0003_backfill",
            """
            # expect-info: mixed-schema-and-data
            op.execute("UPDATE orders SET currency = 'EUR' WHERE currency IS NULL AND id < 1000")
            """,
            down="0002_currency",
        ),
    ]
    check(tmp_path / "one_transaction", *revisions)
    separate = [source.replace("# expect-info: mixed-schema-and-data", "") for source in revisions]
    check(
        tmp_path / "per_migration",
        *separate,
        env=env_py(transaction_per_migration=True),
    )


def test_full_table_dml(tmp_path: Path) -> None:
    check(
        tmp_path,
        rev(
            "0002_reset_flags",
            """
            # expect: full-table-dml
            op.execute("UPDATE users SET legacy_flag = false")
            op.execute("DELETE FROM payments WHERE amount_cents = 0")
            # expect: full-table-dml
            op.execute("UPDATE users SET legacy_flag = true WHERE 1=1")
            # expect: full-table-dml
            op.execute("DELETE FROM coupons WHERE true")
            """,
        ),
    )


def test_nested_transaction(tmp_path: Path) -> None:
    check(
        tmp_path,
        rev(
            "0002_commit",
            """
            op.add_column("orders", sa.Column("gift_note", sa.Text()))
            # expect: nested-transaction
            op.execute("COMMIT")
            op.execute("ALTER TYPE order_status ADD VALUE 'gift'")
            """,
        ),
    )


@pytest.mark.parametrize(
    ("url", "requirements", "after_commit"),
    [
        # Checked on PostgreSQL 18: after COMMIT, psycopg 3 begins a new transaction
        # (CONCURRENTLY refused), psycopg2 sends no BEGIN (the index is built).
        ("postgresql+psycopg://shop@localhost/shop", None, {"non-transactional-statement"}),
        ("postgresql+psycopg2://shop@localhost/shop", None, set()),
        ("postgresql+psycopg_async://shop@localhost/shop", None, {"non-transactional-statement"}),
        # A bare URL: the driver the requirements name, else SQLAlchemy's default (psycopg 3
        # since 2.1, which uv.lock has).
        ("postgresql://shop@localhost/shop", None, {"non-transactional-statement"}),
        ("postgresql://shop@localhost/shop", "psycopg2-binary==2.9.10\n", set()),
        (
            "postgresql://shop@localhost/shop",
            "psycopg[binary]>=3.2\n",
            {"non-transactional-statement"},
        ),
        (
            "postgresql://shop@localhost/shop",
            "psycopg2\npsycopg\n",
            {"non-transactional-statement"},
        ),
    ],
)
def test_what_follows_a_commit_depends_on_the_driver(
    tmp_path: Path, url: str, requirements: str | None, after_commit: set[str]
) -> None:
    body = """
    op.execute("COMMIT")
    op.execute("CREATE INDEX CONCURRENTLY ix_orders_note ON orders (note)")
    """
    ini = INI.replace("postgresql+psycopg://shop:shop@localhost:5432/shop", url)
    (tmp_path / ".git").mkdir()  # the requirements are looked for up to the repository's root
    if requirements is not None:
        (tmp_path / "requirements.txt").write_text(requirements, encoding="utf-8")
    write_project(tmp_path, [rev("0002_commit_hack", body)], ini=ini)
    result = lint_paths([tmp_path])
    rules_at = {line: {f.rule for f in result.findings if f.line == line} for line in (18, 19)}
    assert rules_at[18] == {"nested-transaction"}, describe(result.findings)
    assert rules_at[19] == after_commit, describe(result.findings)


def test_a_helper_called_three_times_is_reported_once_at_its_line(tmp_path: Path) -> None:
    body = """
    def commit():
        # expect: nested-transaction
        op.execute("COMMIT")

    for size in (1024, 2048, 4096):
        op.execute(f"UPDATE users SET name = 'k{size}' WHERE id = {size}")
        commit()
    """
    result = check(tmp_path, rev("0002_helper", body))
    assert len(result.findings) == 1, describe(result.findings)


def test_unparsed_statement_is_info(tmp_path: Path) -> None:
    check(
        tmp_path,
        rev(
            "0002_typo",
            """
            # expect-info: unparsed-statement
            op.execute("ALTER TABLE FROM orders ADD COLUMN note text")
            """,
        ),
    )


def test_a_do_block_is_judged_by_what_it_runs_not_by_its_messages(tmp_path: Path) -> None:
    """A message or a comment naming a statement changes nothing; EXECUTE of a string does."""
    check(
        tmp_path,
        rev(
            "0002_do_blocks",
            """
            op.execute(
                "DO $$ BEGIN IF EXISTS (SELECT 1) THEN RAISE EXCEPTION "
                "'index % is invalid: run CREATE INDEX CONCURRENTLY again', 'ix'; END IF; END $$"
            )
            # expect-info: unparsed-statement
            op.execute("DO $$ BEGIN EXECUTE 'CREATE INDEX ix_orders_note ON orders (note)'; END $$")
            # expect-info: unparsed-statement
            op.execute(
                "DO $$ BEGIN PERFORM set_config('x', '--', false); "
                "ALTER TABLE orders DROP COLUMN note; END $$"
            )
            """,
        ),
    )


# --------------------------------------------------------------------------- op.execute forms


def test_execute_multi_statement_string(tmp_path: Path) -> None:
    """op.execute("A; B") is two statements, both on the op.execute line."""
    check(
        tmp_path,
        rev(
            "0002_multi",
            """
            # expect: index-not-concurrent, drop-column
            op.execute(
                "CREATE INDEX ix_orders_note ON orders (note); "
                "ALTER TABLE users DROP COLUMN legacy_flag;"
            )
            op.execute(
                '''
                SET LOCAL statement_timeout = '5min';
                COMMENT ON TABLE orders IS 'one row per checkout; see docs/orders.md';
                '''
            )
            """,
        ),
    )


def test_execute_sqlalchemy_text(tmp_path: Path) -> None:
    check(
        tmp_path,
        rev(
            "0002_text",
            """
            # expect: truncate
            op.execute(sa.text("TRUNCATE TABLE payments"))
            """,
        ),
    )


def test_batch_alter_table_lines_and_existing_type(tmp_path: Path) -> None:
    """Batch operations are emitted when the block ends; each finding still points at its own
    batch_op call, and existing_type is still known."""
    check(
        tmp_path,
        rev(
            "0002_batch",
            """
            with op.batch_alter_table("legacy_customers") as batch_op:
                batch_op.add_column(sa.Column("gift", sa.Boolean(), nullable=True))
                batch_op.alter_column("status", existing_type=sa.String(20), type_=sa.String(40))
                # expect: column-type-rewrite, statements-after-access-exclusive
                batch_op.alter_column(
                    "code",
                    existing_type=sa.String(20),
                    type_=sa.String(10),
                )
                # expect: drop-column
                batch_op.drop_column("fax")
            """,
        ),
    )


# --------------------------------------------------------------------------- suppressions


def test_suppression_on_the_line(tmp_path: Path) -> None:
    check(
        tmp_path,
        rev(
            "0002_suppressed",
            """
            op.drop_column("users", "legacy_flag")  # migcheck: ignore[drop-column] unused since v41
            """,
        ),
    )


def test_suppression_above_the_line(tmp_path: Path) -> None:
    check(
        tmp_path,
        rev(
            "0002_suppressed",
            """
            # Code stopped reading it in release 41.
            # migcheck: ignore[drop-column]
            op.drop_column("users", "legacy_flag")
            # migcheck: ignore[drop-table]
            # expect: drop-column
            op.drop_column("orders", "note")
            """,
        ),
    )


def test_suppression_on_a_later_line_of_a_multiline_call(tmp_path: Path) -> None:
    check(
        tmp_path,
        rev(
            "0002_suppressed",
            """
            op.create_index(
                "ix_orders_status",
                "orders",
                ["status"],  # migcheck: ignore[index-not-concurrent] orders is tiny in this app
            )
            # expect: index-not-concurrent
            op.create_index("ix_orders_note", "orders", ["note"])
            """,
        ),
    )


def test_suppression_for_the_whole_file(tmp_path: Path) -> None:
    check(
        tmp_path,
        rev(
            "0002_cleanup",
            """
            # migcheck: ignore-file[drop-column, drop-table]
            op.drop_column("users", "legacy_flag")
            op.drop_table("coupons")
            # expect: truncate
            op.execute("TRUNCATE payments")
            """,
        ),
    )


def test_suppression_without_rule_list_silences_everything(tmp_path: Path) -> None:
    check(
        tmp_path,
        rev(
            "0002_everything",
            """
            # migcheck: ignore
            op.execute("CREATE INDEX ix_orders_note ON orders (note); TRUNCATE payments")
            """,
        ),
    )


# --------------------------------------------------------------------------- history context


def test_table_created_in_the_same_revision_is_new(tmp_path: Path) -> None:
    check(
        tmp_path,
        rev(
            "0002_new_table",
            """
            op.create_table(
                "wishlists",
                sa.Column("id", sa.Integer(), primary_key=True),
                sa.Column("user_id", sa.Integer(), nullable=False),
            )
            op.create_index("ix_wishlists_user_id", "wishlists", ["user_id"])
            op.add_column(
                "wishlists",
                sa.Column("token", sa.Uuid(), server_default=sa.text("gen_random_uuid()")),
            )
            op.alter_column("wishlists", "user_id", type_=sa.BigInteger())
            op.create_unique_constraint("uq_wishlists_token", "wishlists", ["token"])
            op.create_foreign_key("fk_wishlists_user", "wishlists", "users", ["user_id"], ["id"])
            op.execute("UPDATE wishlists SET token = gen_random_uuid()")
            """,
        ),
    )


def test_merge_revision_and_branches(tmp_path: Path) -> None:
    """Both branches fold into the schema model: after the merge, both tables are existing."""
    check(
        tmp_path,
        rev(
            "0002_branch_a",
            'op.create_table("gift_cards", sa.Column("id", sa.Integer(), primary_key=True))',
        ),
        rev(
            "0003_branch_b",
            'op.create_table("loyalty", sa.Column("id", sa.Integer(), primary_key=True))',
        ),
        rev("0004_merge", "pass", down=("0002_branch_a", "0003_branch_b")),
        rev(
            "0005_after_merge",
            """
            # expect: index-not-concurrent
            op.create_index("ix_gift_cards_id", "gift_cards", ["id"])
            # expect: drop-table
            op.drop_table("loyalty")
            """,
            down="0004_merge",
        ),
    )


@pytest.mark.parametrize("pg_version", [13, 17])
def test_pg_version_changes_detach_rule(tmp_path: Path, pg_version: int) -> None:
    marker = "# expect: detach-partition-not-concurrent\n" if pg_version >= 14 else ""
    check(
        tmp_path,
        rev("0002_detach", marker + 'op.execute("ALTER TABLE events DETACH PARTITION e_2022")'),
        pg_version=pg_version,
    )


def test_table_sizes_downgrade_small_tables_and_name_the_size(tmp_path: Path) -> None:
    project = write_project(
        tmp_path,
        [
            rev(
                "0002_sized",
                """
                # expect-info: index-not-concurrent
                op.create_index("ix_coupons_code", "coupons", ["code"])
                # expect: index-not-concurrent
                op.create_index("ix_orders_status", "orders", ["status"])
                # drop-column is not a lock hazard: the size does not change it.
                # expect: drop-column
                op.drop_column("coupons", "code")
                """,
            )
        ],
    )
    result = lint_paths([tmp_path], table_rows={"coupons": 200, "orders": 40_000_000})
    files = sorted(project.versions.glob("*.py"))
    assert keys(result.findings) == expected(files), describe(result.findings)
    assert keys(result.findings, info=True) == expected(files, info=True)
    big = next(f for f in result.findings if "ix_orders_status" in f.message)
    assert "orders (~40M rows)" in big.message
