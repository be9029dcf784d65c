"""stock quantity bigint and non negative check

Revision ID: a0e2b4d6f8c1
Revises: 8c0e2b4d6f79
Create Date: 2024-06-10 11:06:09.493127

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa

# revision identifiers, used by Alembic.
revision: str = "a0e2b4d6f8c1"
down_revision: Union[str, Sequence[str], None] = "8c0e2b4d6f79"
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    # pallets of screws: some quantities no longer fit in int4
    # expect: column-type-rewrite
    op.alter_column(
        "stock_levels",
        "quantity",
        existing_type=sa.Integer(),
        type_=sa.BigInteger(),
        existing_nullable=False,
        existing_server_default=sa.text("0"),
    )
    # validated in the next revision
    op.create_check_constraint(
        "ck_stock_levels_quantity_non_negative",
        "stock_levels",
        "quantity >= 0",
        postgresql_not_valid=True,
    )


def downgrade() -> None:
    op.drop_constraint("ck_stock_levels_quantity_non_negative", "stock_levels", type_="check")
    op.alter_column(
        "stock_levels",
        "quantity",
        existing_type=sa.BigInteger(),
        type_=sa.Integer(),
        existing_nullable=False,
        existing_server_default=sa.text("0"),
    )
