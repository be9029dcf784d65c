"""rename comments to post comments

Revision ID: 6f8b0d2e4a71
Revises: 3a5c7e9b1d40
Create Date: 2023-12-04 10:08:44.512977

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa

# revision identifiers, used by Alembic.
revision: str = "6f8b0d2e4a71"
down_revision: Union[str, Sequence[str], None] = "3a5c7e9b1d40"
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    # expect: missing-lock-timeout, rename-table
    op.rename_table("comments", "post_comments")


def downgrade() -> None:
    op.rename_table("post_comments", "comments")
