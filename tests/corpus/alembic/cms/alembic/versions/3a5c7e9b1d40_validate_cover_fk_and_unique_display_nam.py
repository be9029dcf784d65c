"""validate cover fk and unique display names

Revision ID: 3a5c7e9b1d40
Revises: e0f2a4c6b813
Create Date: 2023-11-20 13:36:18.870342

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa

# revision identifiers, used by Alembic.
revision: str = "3a5c7e9b1d40"
down_revision: Union[str, Sequence[str], None] = "e0f2a4c6b813"
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    op.execute("SET lock_timeout = '3s'")

    # validation scans posts; run it outside the migration transaction
    with op.get_context().autocommit_block():
        op.execute("ALTER TABLE posts VALIDATE CONSTRAINT fk_posts_cover_media_id_media")

    # expect: unique-constraint-without-index
    op.create_unique_constraint("uq_users_display_name", "users", ["display_name"])


def downgrade() -> None:
    op.drop_constraint("uq_users_display_name", "users", type_="unique")
