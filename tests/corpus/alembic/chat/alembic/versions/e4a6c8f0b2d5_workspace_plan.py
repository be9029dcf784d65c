"""workspace plan

Revision ID: e4a6c8f0b2d5
Revises: c2e4a6d8f0b3
Create Date: 2025-03-17 16:27:14.285509

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa

# revision identifiers, used by Alembic.
revision: str = "e4a6c8f0b2d5"
down_revision: Union[str, Sequence[str], None] = "c2e4a6d8f0b3"
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    op.execute("SET lock_timeout = '2s'")

    # expect: required-column-no-default
    op.add_column("workspaces", sa.Column("plan", sa.String(length=20), nullable=False))


def downgrade() -> None:
    op.drop_column("workspaces", "plan")
