"""plan pricing bigint and slug

Revision ID: b5d3f7e9c128
Revises: 4f6a8d2c1b97
Create Date: 2024-04-22 13:47:36.572940

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa

# revision identifiers, used by Alembic.
revision: str = "b5d3f7e9c128"
down_revision: Union[str, Sequence[str], None] = "4f6a8d2c1b97"
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    op.execute("SET lock_timeout = '5s'")

    # enterprise contracts overflow int4 cents
    # expect: column-type-rewrite
    op.alter_column(
        "plans",
        "price_cents",
        existing_type=sa.Integer(),
        type_=sa.BigInteger(),
        existing_nullable=False,
    )
    op.alter_column(
        "plans",
        "name",
        existing_type=sa.String(length=100),
        type_=sa.String(length=200),
        existing_nullable=False,
    )
    # expect: rename-column
    op.alter_column(
        "plans",
        "code",
        new_column_name="slug",
        existing_type=sa.String(length=50),
        existing_nullable=False,
    )


def downgrade() -> None:
    op.alter_column("plans", "slug", new_column_name="code", existing_type=sa.String(length=50))
    op.alter_column(
        "plans", "name", existing_type=sa.String(length=200), type_=sa.String(length=100)
    )
    op.alter_column(
        "plans", "price_cents", existing_type=sa.BigInteger(), type_=sa.Integer()
    )
