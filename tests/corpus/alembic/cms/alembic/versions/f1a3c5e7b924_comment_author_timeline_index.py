"""comment author timeline index

Revision ID: f1a3c5e7b924
Revises: 8e0a2c4e6f13
Create Date: 2024-03-11 10:21:47.392050

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa

# revision identifiers, used by Alembic.
revision: str = "f1a3c5e7b924"
down_revision: Union[str, Sequence[str], None] = "8e0a2c4e6f13"
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    op.execute("SET lock_timeout = '3s'")

    # profile page: "latest comments by this author"
    # expect: index-not-concurrent
    op.create_index(
        "ix_post_comments_author_id_created_at",
        "post_comments",
        ["author_id", "created_at"],
    )


def downgrade() -> None:
    op.drop_index("ix_post_comments_author_id_created_at", table_name="post_comments")
