"""remember the previous order status

Revision ID: b1e6a3d0f811
Revises: a0d5f2c9e710
Create Date: 2024-05-21 12:08:44.305127

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa

from app.enums import OrderStatus


# revision identifiers, used by Alembic.
revision: str = "b1e6a3d0f811"
down_revision: Union[str, Sequence[str], None] = "a0d5f2c9e710"
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    # the order_status type exists since 2b7e4d1a9c02; add_column does not create it
    # expect: missing-lock-timeout
    op.add_column(
        "orders",
        sa.Column("previous_status", sa.Enum(OrderStatus, name="order_status"), nullable=True),
    )


def downgrade() -> None:
    op.drop_column("orders", "previous_status")
