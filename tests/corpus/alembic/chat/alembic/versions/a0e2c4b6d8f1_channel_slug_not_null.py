"""channel slug not null

Revision ID: a0e2c4b6d8f1
Revises: 8c0e2a4b6d9f
Create Date: 2025-02-10 14:53:36.014852

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa

# revision identifiers, used by Alembic.
revision: str = "a0e2c4b6d8f1"
down_revision: Union[str, Sequence[str], None] = "8c0e2a4b6d9f"
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    op.execute("SET lock_timeout = '2s'")

    # step 3: the validated check proves it, no scan (PostgreSQL 12+)
    op.alter_column(
        "channels",
        "slug",
        existing_type=sa.String(length=80),
        nullable=False,
    )
    op.drop_constraint("ck_channels_slug_not_null", "channels", type_="check")


def downgrade() -> None:
    op.create_check_constraint(
        "ck_channels_slug_not_null",
        "channels",
        "slug IS NOT NULL",
        postgresql_not_valid=True,
    )
    op.alter_column(
        "channels",
        "slug",
        existing_type=sa.String(length=80),
        nullable=True,
    )
