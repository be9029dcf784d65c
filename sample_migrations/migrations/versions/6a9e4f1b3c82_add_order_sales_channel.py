"""add order sales_channel

Work in progress (PR #412, not deployed yet).

Revision ID: 6a9e4f1b3c82
Revises: d0c7f2b4a968
Create Date: 2025-03-03 10:37:14.128845

"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision: str = "6a9e4f1b3c82"
down_revision: str | Sequence[str] | None = "d0c7f2b4a968"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Upgrade schema."""
    # Team convention: fail fast instead of queueing behind a long transaction.
    op.execute("SET lock_timeout = '3s'")
    # web / ios / android / marketplace
    # expect: required-column-no-default
    op.add_column("orders", sa.Column("sales_channel", sa.String(length=16), nullable=False))
    # expect: non-transactional-statement
    op.create_index(
        op.f("ix_orders_sales_channel"),
        "orders",
        ["sales_channel"],
        postgresql_concurrently=True,
    )


def downgrade() -> None:
    """Downgrade schema."""
    op.drop_index(op.f("ix_orders_sales_channel"), table_name="orders")
    op.drop_column("orders", "sales_channel")
