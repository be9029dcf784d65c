"""archive 2024 h1 messages

Revision ID: 0a2c4e6f8b1a
Revises: 8e0a2c4f6b98
Create Date: 2024-07-15 21:40:08.551207

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa

# revision identifiers, used by Alembic.
revision: str = "0a2c4e6f8b1a"
down_revision: Union[str, Sequence[str], None] = "8e0a2c4f6b98"
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    op.execute("SET lock_timeout = '2s'")

    with op.get_context().autocommit_block():
        op.execute("ALTER TABLE messages DETACH PARTITION messages_2024_h1 CONCURRENTLY")

    # the archiver exports messages_archive_* to cold storage
    # expect: rename-table
    op.execute("ALTER TABLE messages_2024_h1 RENAME TO messages_archive_2024_h1")


def downgrade() -> None:
    op.execute("ALTER TABLE messages_archive_2024_h1 RENAME TO messages_2024_h1")
    op.execute(
        "ALTER TABLE messages ATTACH PARTITION messages_2024_h1 "
        "FOR VALUES FROM ('2024-01-01') TO ('2024-07-01')"
    )
