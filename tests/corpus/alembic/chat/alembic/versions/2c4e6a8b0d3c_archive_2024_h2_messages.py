"""archive 2024 h2 messages

Revision ID: 2c4e6a8b0d3c
Revises: 0a2c4e6f8b1a
Create Date: 2025-01-13 21:12:44.307915

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa

# revision identifiers, used by Alembic.
revision: str = "2c4e6a8b0d3c"
down_revision: Union[str, Sequence[str], None] = "0a2c4e6f8b1a"
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    op.execute("SET lock_timeout = '2s'")

    # expect: detach-partition-not-concurrent
    op.execute("ALTER TABLE messages DETACH PARTITION messages_2024_h2")


def downgrade() -> None:
    op.execute(
        "ALTER TABLE messages ATTACH PARTITION messages_2024_h2 "
        "FOR VALUES FROM ('2024-07-01') TO ('2025-01-01')"
    )
