"""table comment, no default for orders.status

Revision ID: 0007_comments_defaults
Revises: 0006_order_notes
Create Date: 2023-11-20 16:45:00.000000

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision: str = '0007_comments_defaults'
down_revision: Union[str, Sequence[str], None] = '0006_order_notes'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    op.create_table_comment("orders", "One row per checkout; see order_notes for notes")
    # expect: missing-lock-timeout
    op.alter_column(
        "orders",
        "status",
        server_default=None,
        existing_type=sa.String(length=20),
        existing_nullable=False,
    )


def downgrade() -> None:
    op.alter_column(
        "orders",
        "status",
        server_default="new",
        existing_type=sa.String(length=20),
        existing_nullable=False,
    )
    op.drop_table_comment("orders")
