"""index comment moderator

Revision ID: 5e8a0c2d4f19
Revises: 2c7f9a1e4b58
Create Date: 2023-11-08 10:27:14.660105

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa

# revision identifiers, used by Alembic.
revision: str = "5e8a0c2d4f19"
down_revision: Union[str, Sequence[str], None] = "2c7f9a1e4b58"
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    with op.get_context().autocommit_block():
        op.create_index(
            "ix_comments_moderated_by_id",
            "comments",
            ["moderated_by_id"],
            postgresql_concurrently=True,
            if_not_exists=True,
        )


def downgrade() -> None:
    with op.get_context().autocommit_block():
        op.drop_index(
            "ix_comments_moderated_by_id",
            table_name="comments",
            postgresql_concurrently=True,
            if_exists=True,
        )
