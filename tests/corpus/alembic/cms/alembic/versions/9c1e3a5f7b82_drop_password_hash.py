"""drop password hash

Revision ID: 9c1e3a5f7b82
Revises: 6f8b0d2e4a71
Create Date: 2024-01-08 16:30:01.927368

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa

# revision identifiers, used by Alembic.
revision: str = "9c1e3a5f7b82"
down_revision: Union[str, Sequence[str], None] = "6f8b0d2e4a71"
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    op.execute("SET lock_timeout = '3s'")

    # logins moved to the SSO provider in 2023.12
    # expect: drop-column
    op.drop_column("users", "password_hash")
    # SSO users may have no display name yet
    # expect: drop-not-null
    op.alter_column(
        "users",
        "display_name",
        existing_type=sa.String(length=100),
        nullable=True,
    )


def downgrade() -> None:
    op.alter_column(
        "users",
        "display_name",
        existing_type=sa.String(length=100),
        nullable=False,
    )
    op.add_column(
        "users",
        sa.Column("password_hash", sa.String(length=255), autoincrement=False, nullable=True),
    )
