"""data: rename product statuses, drop empty stock movements

Revision ID: c0ffee00000a
Revises: c0ffee000009
Create Date: 2024-08-12 14:25:00.000000

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision: str = 'c0ffee00000a'
down_revision: Union[str, Sequence[str], None] = 'c0ffee000009'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None

products = sa.table("products", sa.column("id", sa.Integer), sa.column("status", sa.String))
stock_movements = sa.table(
    "stock_movements",
    sa.column("id", sa.BigInteger),
    sa.column("quantity", sa.Integer),
)

RENAMES = (("draft", "hidden"), ("retired", "archived"))


def upgrade() -> None:
    for old, new in RENAMES:
        op.execute(
            products.update()
            .where(products.c.status == op.inline_literal(old))
            .values({"status": op.inline_literal(new)})
        )
    op.execute(stock_movements.delete().where(stock_movements.c.quantity == 0))


def downgrade() -> None:
    for old, new in RENAMES:
        op.execute(
            products.update()
            .where(products.c.status == op.inline_literal(new))
            .values({"status": op.inline_literal(old)})
        )
