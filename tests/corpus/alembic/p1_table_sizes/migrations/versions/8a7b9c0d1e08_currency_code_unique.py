"""currencies.code unique, countries.iso renamed

Revision ID: 8a7b9c0d1e08
Revises: 7f6a8b9c0d07
Create Date: 2024-05-06 09:00:00

"""
from alembic import op

revision = "8a7b9c0d1e08"
down_revision = "7f6a8b9c0d07"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.execute("SET lock_timeout = '5s'")
    # expect-info: unique-constraint-without-index
    op.create_unique_constraint("uq_currencies_code", "currencies", ["code"])
    # expect: rename-column
    op.alter_column("countries", "iso", new_column_name="iso_code")


def downgrade() -> None:
    op.alter_column("countries", "iso_code", new_column_name="iso")
    op.drop_constraint("uq_currencies_code", "currencies", type_="unique")
