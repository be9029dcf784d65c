"""partitioned messages

Revision ID: 2e4a6c8d0f32
Revises: 0c2e4a6b8d10
Create Date: 2024-02-05 15:36:40.802217

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa

# revision identifiers, used by Alembic.
revision: str = "2e4a6c8d0f32"
down_revision: Union[str, Sequence[str], None] = "0c2e4a6b8d10"
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    op.execute("SET lock_timeout = '2s'")

    # Alembic/SQLAlchemy cannot declare partitioned tables: raw SQL.
    op.execute(
        """
        CREATE TABLE messages (
            id bigint GENERATED ALWAYS AS IDENTITY,
            channel_id bigint NOT NULL REFERENCES channels (id) ON DELETE CASCADE,
            author_id bigint REFERENCES users (id) ON DELETE SET NULL,
            body text NOT NULL,
            edited_at timestamptz,
            created_at timestamptz NOT NULL DEFAULT now(),
            PRIMARY KEY (id, created_at)
        ) PARTITION BY RANGE (created_at)
        """
    )
    op.execute(
        "CREATE TABLE messages_2024_h1 PARTITION OF messages "
        "FOR VALUES FROM ('2024-01-01') TO ('2024-07-01')"
    )
    op.execute(
        "CREATE TABLE messages_2024_h2 PARTITION OF messages "
        "FOR VALUES FROM ('2024-07-01') TO ('2025-01-01')"
    )
    op.execute(
        "CREATE TABLE messages_2025_h1 PARTITION OF messages "
        "FOR VALUES FROM ('2025-01-01') TO ('2025-07-01')"
    )
    op.execute("CREATE INDEX ix_messages_channel_id_created_at ON messages (channel_id, created_at)")
    op.execute("CREATE INDEX ix_messages_author_id ON messages (author_id)")


def downgrade() -> None:
    op.execute("DROP TABLE messages")
