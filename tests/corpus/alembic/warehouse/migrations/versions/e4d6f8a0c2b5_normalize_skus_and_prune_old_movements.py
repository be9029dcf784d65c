"""normalize skus and prune old movements

Revision ID: e4d6f8a0c2b5
Revises: c2b4d6f8a0e3
Create Date: 2024-06-24 14:20:16.608392

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa

# revision identifiers, used by Alembic.
revision: str = "e4d6f8a0c2b5"
down_revision: Union[str, Sequence[str], None] = "c2b4d6f8a0e3"
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


products = sa.table("products", sa.column("sku", sa.String))


def upgrade() -> None:
    # scanners send upper-case SKUs; the import job stored some lower-case
    op.execute(
        products.update()
        .where(products.c.sku != sa.func.upper(products.c.sku))
        .values(sku=sa.func.upper(products.c.sku))
    )
    op.execute(
        "DELETE FROM stock_movements WHERE created_at < now() - interval '2 years'"
    )
    # expect: non-transactional-statement
    op.execute("VACUUM ANALYZE stock_movements")


def downgrade() -> None:
    pass
