"""index product status, refurbished category

Revision ID: c0ffee000008
Revises: c0ffee000007
Create Date: 2024-07-22 15:00:00.000000

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision: str = 'c0ffee000008'
down_revision: Union[str, Sequence[str], None] = 'c0ffee000007'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None

product_categories = sa.table(
    "product_categories",
    sa.column("id", sa.Integer),
    sa.column("slug", sa.String),
    sa.column("name", sa.String),
)


def upgrade() -> None:
    op.execute("SET lock_timeout = '5s'")
    # expect: index-not-concurrent
    op.create_index("ix_products_status", "products", ["status"])
    # expect: mixed-schema-and-data
    op.bulk_insert(product_categories, [{"id": 6, "slug": "refurbished", "name": "Refurbished"}])


def downgrade() -> None:
    op.execute(product_categories.delete().where(product_categories.c.id == 6))
    op.drop_index("ix_products_status", table_name="products")
