"""reporting indexes

Revision ID: b1c2d3e4f5a6
Revises: a0b1c2d3e4f5
Create Date: 2024-02-01 09:00:00

"""
from alembic import op

revision = "b1c2d3e4f5a6"
down_revision = "a0b1c2d3e4f5"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # no SET lock_timeout anywhere in this project: lock-timeout-set-by-env = true
    # expect: index-not-concurrent
    op.create_index("ix_orders_created_at", "orders", ["created_at"])

    op.create_index("ix_orders_status", "orders", ["status"])  # migcheck: ignore[index-not-concurrent] built in the maintenance window

    # migcheck: ignore[index-not-concurrent] payments is still tiny
    op.create_index("ix_payments_created_at", "payments", ["created_at"])

    op.create_index(
        "ix_invoices_due_date",
        "invoices",  # migcheck: ignore[index-not-concurrent] invoices is archived monthly
        ["due_date"],
    )

    op.create_index(
        "ix_payments_status",
        "payments",
        ["status"],
    )  # migcheck: ignore[index-not-concurrent] on the closing line of the call

    # expect: index-not-concurrent
    op.create_index(
        "ix_invoices_customer_id",
        "invoices",
        ["customer_id"],  # migcheck: ignore[drop-index-not-concurrent] names another rule
    )


def downgrade() -> None:
    op.drop_index("ix_invoices_customer_id", table_name="invoices")
    op.drop_index("ix_payments_status", table_name="payments")
    op.drop_index("ix_invoices_due_date", table_name="invoices")
    op.drop_index("ix_payments_created_at", table_name="payments")
    op.drop_index("ix_orders_status", table_name="orders")
    op.drop_index("ix_orders_created_at", table_name="orders")
