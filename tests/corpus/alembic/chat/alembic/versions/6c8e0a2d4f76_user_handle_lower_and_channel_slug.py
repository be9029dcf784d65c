"""user handle lower and channel slug

Revision ID: 6c8e0a2d4f76
Revises: 4a6c8e0b2d54
Create Date: 2024-03-04 09:18:57.093341

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa

# revision identifiers, used by Alembic.
revision: str = "6c8e0a2d4f76"
down_revision: Union[str, Sequence[str], None] = "4a6c8e0b2d54"
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    # expect: missing-lock-timeout, add-column-rewrite
    op.add_column(
        "users",
        sa.Column(
            "handle_lower",
            sa.String(length=64),
            sa.Computed("lower(handle)", persisted=True),
            nullable=True,
        ),
    )
    # expect: statements-after-access-exclusive
    op.add_column("channels", sa.Column("slug", sa.String(length=80), nullable=True))


def downgrade() -> None:
    op.drop_column("channels", "slug")
    op.drop_column("users", "handle_lower")
