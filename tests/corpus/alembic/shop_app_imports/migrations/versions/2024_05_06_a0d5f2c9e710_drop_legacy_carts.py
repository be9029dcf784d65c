"""drop legacy carts

Revision ID: a0d5f2c9e710
Revises: 9c4f1e8b6d09
Create Date: 2024-05-06 15:36:22.090017

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa
from sqlalchemy.dialects import postgresql

from app.enums import OrderStatus


# revision identifiers, used by Alembic.
revision: str = "a0d5f2c9e710"
down_revision: Union[str, Sequence[str], None] = "9c4f1e8b6d09"
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    op.execute("SET lock_timeout = '5s'")
    # expect: drop-table
    op.drop_table("legacy_carts")
    # expect: rename-column
    op.alter_column("users", "display_name", new_column_name="nickname")


def downgrade() -> None:
    op.alter_column("users", "nickname", new_column_name="display_name")
    op.create_table(
        "legacy_carts",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("session_key", sa.String(length=64), nullable=False),
        sa.Column("payload", sa.Text(), nullable=True),
        sa.Column(
            "last_status",
            postgresql.ENUM(OrderStatus, name="order_status", create_type=False),
        ),
    )
