"""currencies: numeric_code to bigint, drop legacy_symbol

Revision ID: 3b2c4d5e6f03
Revises: 2a1b3c4d5e02
Create Date: 2024-02-20 14:12:00

"""
from alembic import op
import sqlalchemy as sa

revision = "3b2c4d5e6f03"
down_revision = "2a1b3c4d5e02"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.execute("SET lock_timeout = '5s'")
    # int -> bigint rewrites, but currencies has ~30 rows
    # expect-info: column-type-rewrite
    op.alter_column(
        "currencies",
        "numeric_code",
        type_=sa.BigInteger(),
        existing_type=sa.Integer(),
    )
    # breaking running code does not depend on the table size
    # expect: drop-column
    op.drop_column("currencies", "legacy_symbol")


def downgrade() -> None:
    op.add_column("currencies", sa.Column("legacy_symbol", sa.String(5)))
    op.alter_column(
        "currencies",
        "numeric_code",
        type_=sa.Integer(),
        existing_type=sa.BigInteger(),
    )
