"""products: search name and price in minor units

Revision ID: c0ffee000002
Revises: c0ffee000001
Create Date: 2024-06-10 10:00:00.000000

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision: str = 'c0ffee000002'
down_revision: Union[str, Sequence[str], None] = 'c0ffee000001'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    op.execute("SET lock_timeout = '5s'")
    op.add_column("products", sa.Column("search_name", sa.String(length=200), nullable=True))
    op.add_column("products", sa.Column("price_minor", sa.BigInteger(), nullable=True))


def downgrade() -> None:
    op.drop_column("products", "price_minor")
    op.drop_column("products", "search_name")
