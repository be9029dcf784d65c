"""stock movement reason

Revision ID: c0ffee000004
Revises: c0ffee000003
Create Date: 2024-06-18 13:30:00.000000

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision: str = 'c0ffee000004'
down_revision: Union[str, Sequence[str], None] = 'c0ffee000003'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None

stock_movements = sa.table(
    "stock_movements",
    sa.column("id", sa.BigInteger),
    sa.column("quantity", sa.Integer),
    sa.column("reason", sa.String),
)


def upgrade() -> None:
    op.execute("SET lock_timeout = '5s'")
    op.add_column("stock_movements", sa.Column("reason", sa.String(length=32), nullable=True))
    # expect: mixed-schema-and-data, statements-after-access-exclusive
    op.execute(
        stock_movements.update()
        .where(stock_movements.c.quantity > 0)
        .values(reason=op.inline_literal("restock"))
    )


def downgrade() -> None:
    op.drop_column("stock_movements", "reason")
