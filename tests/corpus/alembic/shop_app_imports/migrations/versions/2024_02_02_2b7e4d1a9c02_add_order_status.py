"""add order status and user display name

Revision ID: 2b7e4d1a9c02
Revises: 1f3a9c2d4b01
Create Date: 2024-02-02 14:40:03.110254

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa

from app.enums import OrderStatus


# revision identifiers, used by Alembic.
revision: str = "2b7e4d1a9c02"
down_revision: Union[str, Sequence[str], None] = "1f3a9c2d4b01"
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    op.execute("SET lock_timeout = '5s'")

    status_type = sa.Enum(OrderStatus, name="order_status")
    status_type.create(op.get_bind(), checkfirst=True)
    # expect: required-column-no-default
    op.add_column("orders", sa.Column("status", status_type, nullable=False))

    op.add_column("users", sa.Column("display_name", sa.String(length=80), nullable=True))


def downgrade() -> None:
    op.drop_column("orders", "status")
    sa.Enum(OrderStatus, name="order_status").drop(op.get_bind(), checkfirst=True)
    op.drop_column("users", "display_name")
