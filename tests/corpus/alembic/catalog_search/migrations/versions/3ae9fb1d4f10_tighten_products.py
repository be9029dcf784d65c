"""description NOT NULL, longer SKUs, bigint price history ids

Revision ID: 3ae9fb1d4f10
Revises: 29d8ea0c3e09
Create Date: 2024-06-10 13:26:51.047330

"""
from alembic import op
import sqlalchemy as sa

# revision identifiers, used by Alembic.
revision = "3ae9fb1d4f10"
down_revision = "29d8ea0c3e09"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # expect: set-not-null-scan, missing-lock-timeout
    op.alter_column("products", "description", existing_type=sa.Text(), nullable=False)
    op.alter_column(
        "products",
        "sku",
        type_=sa.String(128),
        existing_type=sa.String(64),
        existing_nullable=False,
    )
    # expect: column-type-rewrite, statements-after-access-exclusive
    op.alter_column(
        "product_price_history",
        "id",
        type_=sa.BigInteger(),
        existing_type=sa.Integer(),
        existing_nullable=False,
    )


def downgrade() -> None:
    op.alter_column("product_price_history", "id", type_=sa.Integer(), existing_type=sa.BigInteger())
    op.alter_column("products", "sku", type_=sa.String(64), existing_type=sa.String(128))
    op.alter_column("products", "description", existing_type=sa.Text(), nullable=True)
