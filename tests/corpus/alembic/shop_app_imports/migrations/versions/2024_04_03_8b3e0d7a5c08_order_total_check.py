"""order total check and status default

Revision ID: 8b3e0d7a5c08
Revises: 7a2d9c6f4b07
Create Date: 2024-04-03 13:21:08.554010

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa

from app import db
from app.enums import OrderStatus


# revision identifiers, used by Alembic.
revision: str = "8b3e0d7a5c08"
down_revision: Union[str, Sequence[str], None] = "7a2d9c6f4b07"
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    op.execute("SET lock_timeout = '5s'")
    op.create_check_constraint(
        "ck_orders_total_nonneg",
        "orders",
        "total_cents >= 0",
        postgresql_not_valid=True,
    )
    op.alter_column(
        "orders",
        "status",
        server_default="PENDING",
        existing_type=sa.Enum(OrderStatus, name="order_status"),
        existing_nullable=False,
    )
    op.alter_column(
        "orders",
        "shipping_cost",
        server_default="0",
        existing_type=db.Money(),
        existing_nullable=False,
    )


def downgrade() -> None:
    op.alter_column("orders", "shipping_cost", server_default=None)
    op.alter_column("orders", "status", server_default=None)
    op.drop_constraint("ck_orders_total_nonneg", "orders", type_="check")
