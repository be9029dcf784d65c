"""countries: random sort key; drop feature_flags

Revision ID: 0c9d1e2f3a10
Revises: 9b8c0d1e2f09
Create Date: 2024-06-03 10:30:00

"""
from alembic import op
import sqlalchemy as sa

revision = "0c9d1e2f3a10"
down_revision = "9b8c0d1e2f09"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.execute("SET lock_timeout = '5s'")
    # volatile default rewrites countries, which has ~50 rows
    # expect-info: add-column-rewrite
    op.add_column(
        "countries",
        sa.Column("sort_key", sa.Float(), server_default=sa.text("random()")),
    )
    # expect: drop-table
    op.drop_table("feature_flags")


def downgrade() -> None:
    op.create_table(
        "feature_flags",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("name", sa.String(50), nullable=False),
        sa.Column("enabled", sa.Boolean(), nullable=False, server_default=sa.false()),
    )
    op.drop_column("countries", "sort_key")
