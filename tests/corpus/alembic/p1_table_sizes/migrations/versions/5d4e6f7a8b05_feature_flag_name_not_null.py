"""feature_flags.name NOT NULL

Revision ID: 5d4e6f7a8b05
Revises: 4c3d5e6f7a04
Create Date: 2024-03-18 16:40:00

"""
from alembic import op
import sqlalchemy as sa

revision = "5d4e6f7a8b05"
down_revision = "4c3d5e6f7a04"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.execute("SET lock_timeout = '5s'")
    # expect-info: set-not-null-scan
    op.alter_column("feature_flags", "name", existing_type=sa.String(50), nullable=False)


def downgrade() -> None:
    op.alter_column("feature_flags", "name", existing_type=sa.String(50), nullable=True)
