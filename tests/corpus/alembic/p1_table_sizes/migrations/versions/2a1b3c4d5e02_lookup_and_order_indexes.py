"""indexes for lookups and order reporting

Revision ID: 2a1b3c4d5e02
Revises: 1f0a2b3c4d01
Create Date: 2024-02-02 09:30:00

"""
from alembic import op

revision = "2a1b3c4d5e02"
down_revision = "1f0a2b3c4d01"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.execute("SET lock_timeout = '5s'")

    # countries has ~50 rows: the SHARE lock is held for milliseconds
    # expect-info: index-not-concurrent
    op.create_index("ix_countries_name", "countries", ["name"])

    # expect-info: index-not-concurrent
    op.create_index("ix_currencies_code", "currencies", ["code"])

    # orders has ~50M rows
    # expect: index-not-concurrent
    op.create_index("ix_orders_created_at", "orders", ["created_at"])

    # payments size is not configured: assumed possibly large
    # expect: index-not-concurrent
    op.create_index("ix_payments_created_at", "payments", ["created_at"])


def downgrade() -> None:
    op.drop_index("ix_payments_created_at", table_name="payments")
    op.drop_index("ix_orders_created_at", table_name="orders")
    op.drop_index("ix_currencies_code", table_name="currencies")
    op.drop_index("ix_countries_name", table_name="countries")
