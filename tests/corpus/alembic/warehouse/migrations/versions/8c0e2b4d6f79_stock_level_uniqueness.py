"""stock level uniqueness

Revision ID: 8c0e2b4d6f79
Revises: 6a8c0e2b4d57
Create Date: 2024-05-27 09:33:41.250618

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa

# revision identifiers, used by Alembic.
revision: str = "8c0e2b4d6f79"
down_revision: Union[str, Sequence[str], None] = "6a8c0e2b4d57"
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    with op.get_context().autocommit_block():
        op.create_index(
            "uq_stock_levels_warehouse_product",
            "stock_levels",
            ["warehouse_id", "product_id"],
            unique=True,
            postgresql_concurrently=True,
            if_not_exists=True,
        )

    op.execute(
        "ALTER TABLE stock_levels ADD CONSTRAINT uq_stock_levels_warehouse_product "
        "UNIQUE USING INDEX uq_stock_levels_warehouse_product"
    )

    # warehouse_id is the leading column of the new unique index
    with op.get_context().autocommit_block():
        op.drop_index(
            "ix_stock_levels_warehouse_id",
            table_name="stock_levels",
            postgresql_concurrently=True,
            if_exists=True,
        )


def downgrade() -> None:
    op.create_index("ix_stock_levels_warehouse_id", "stock_levels", ["warehouse_id"])
    op.drop_constraint("uq_stock_levels_warehouse_product", "stock_levels", type_="unique")
