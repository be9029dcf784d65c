"""link stock movements to purchase orders

Revision ID: 7a9c1b3d5e68
Revises: 5e7a9c1b3d46
Create Date: 2024-09-02 13:31:26.950738

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa

# revision identifiers, used by Alembic.
revision: str = "7a9c1b3d5e68"
down_revision: Union[str, Sequence[str], None] = "5e7a9c1b3d46"
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    op.add_column("stock_movements", sa.Column("purchase_order_id", sa.Integer(), nullable=True))

    with op.get_context().autocommit_block():
        op.create_index(
            "ix_stock_movements_purchase_order_id",
            "stock_movements",
            ["purchase_order_id"],
            postgresql_concurrently=True,
            if_not_exists=True,
        )

    # expect: validating-constraint
    op.create_foreign_key(
        "fk_stock_movements_purchase_order_id_purchase_orders",
        "stock_movements",
        "purchase_orders",
        ["purchase_order_id"],
        ["id"],
    )


def downgrade() -> None:
    op.drop_constraint(
        "fk_stock_movements_purchase_order_id_purchase_orders",
        "stock_movements",
        type_="foreignkey",
    )
    op.drop_index("ix_stock_movements_purchase_order_id", table_name="stock_movements")
    op.drop_column("stock_movements", "purchase_order_id")
