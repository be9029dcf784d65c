"""shipping columns on orders

Revision ID: 5e0b7a4d2f05
Revises: 4d9a6f3c1e04
Create Date: 2024-03-01 16:03:12.007431

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa

from app import db


# revision identifiers, used by Alembic.
revision: str = "5e0b7a4d2f05"
down_revision: Union[str, Sequence[str], None] = "4d9a6f3c1e04"
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    op.execute("SET lock_timeout = '5s'")
    # expect: index-not-concurrent
    op.create_index("ix_orders_created_at", "orders", ["created_at"])
    # expect: required-column-no-default
    op.add_column("orders", sa.Column("shipping_cost", db.Money(), nullable=False))
    op.add_column("orders", sa.Column("shipped_at", db.UTCDateTime(), nullable=True))


def downgrade() -> None:
    op.drop_column("orders", "shipping_cost")
    op.drop_column("orders", "shipped_at")
    op.drop_index("ix_orders_created_at", table_name="orders")
