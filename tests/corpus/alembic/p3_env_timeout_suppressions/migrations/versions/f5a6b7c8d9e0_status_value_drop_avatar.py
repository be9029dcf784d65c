"""order_status 'refunded'; drop users.old_avatar

Revision ID: f5a6b7c8d9e0
Revises: e4f5a6b7c8d9
Create Date: 2024-03-04 10:00:00

"""
from alembic import op
import sqlalchemy as sa

revision = "f5a6b7c8d9e0"
down_revision = "e4f5a6b7c8d9"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # PostgreSQL 12+: ADD VALUE may run inside the revision's transaction
    op.execute("ALTER TYPE order_status ADD VALUE 'refunded'")
    # expect: drop-column
    op.drop_column("users", "old_avatar")


def downgrade() -> None:
    op.add_column("users", sa.Column("old_avatar", sa.Text()))
