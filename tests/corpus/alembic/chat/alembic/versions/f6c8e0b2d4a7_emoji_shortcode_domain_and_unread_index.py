"""emoji shortcode domain and unread index

Revision ID: f6c8e0b2d4a7
Revises: e4a6c8f0b2d5
Create Date: 2025-04-07 11:50:41.671923

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa

# revision identifiers, used by Alembic.
revision: str = "f6c8e0b2d4a7"
down_revision: Union[str, Sequence[str], None] = "e4a6c8f0b2d5"
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    op.execute("SET lock_timeout = '2s'")

    # expect: domain-constraint
    op.execute(
        "CREATE DOMAIN emoji_shortcode AS varchar(64) "
        "CHECK (VALUE ~ '^:[a-z0-9_+-]+:$')"
    )

    with op.get_context().autocommit_block():
        # unread counters: WHERE user_id = ? ORDER BY last_read_message_id
        # expect: identifier-too-long
        op.execute(
            "CREATE INDEX CONCURRENTLY IF NOT EXISTS "
            "ix_channel_members_user_id_last_read_message_id_joined_at_covering "
            "ON channel_members (user_id, last_read_message_id, joined_at)"
        )


def downgrade() -> None:
    op.execute(
        "DROP INDEX IF EXISTS "
        "ix_channel_members_user_id_last_read_message_id_joined_at_covering"
    )
    op.execute("DROP DOMAIN emoji_shortcode")
