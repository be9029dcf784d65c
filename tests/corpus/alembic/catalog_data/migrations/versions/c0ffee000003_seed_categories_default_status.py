"""data: new categories, default product status

Revision ID: c0ffee000003
Revises: c0ffee000002
Create Date: 2024-06-10 10:05:00.000000

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision: str = 'c0ffee000003'
down_revision: Union[str, Sequence[str], None] = 'c0ffee000002'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None

products = sa.table(
    "products",
    sa.column("id", sa.Integer),
    sa.column("status", sa.String),
    sa.column("price_cents", sa.Integer),
)

product_categories = sa.table(
    "product_categories",
    sa.column("id", sa.Integer),
    sa.column("slug", sa.String),
    sa.column("name", sa.String),
)


def upgrade() -> None:
    op.bulk_insert(
        product_categories,
        [
            {"id": 4, "slug": "gift-cards", "name": "Gift cards"},
            {"id": 5, "slug": "outlet", "name": "Outlet"},
        ],
    )
    op.execute(
        sa.update(products).where(products.c.status.is_(None)).values(status="active")
    )
    # product 5 was entered in euros instead of cents
    op.execute(
        sa.text("UPDATE products SET price_cents = price_cents * 100 WHERE id = :id").bindparams(id=5)
    )


def downgrade() -> None:
    op.execute(
        sa.text("UPDATE products SET price_cents = price_cents / 100 WHERE id = :id").bindparams(id=5)
    )
    op.execute(product_categories.delete().where(product_categories.c.id.in_([4, 5])))
