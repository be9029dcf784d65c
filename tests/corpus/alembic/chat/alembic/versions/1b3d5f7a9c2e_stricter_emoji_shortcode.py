"""stricter emoji shortcode

Revision ID: 1b3d5f7a9c2e
Revises: f6c8e0b2d4a7
Create Date: 2025-04-21 10:03:18.440276

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa

# revision identifiers, used by Alembic.
revision: str = "1b3d5f7a9c2e"
down_revision: Union[str, Sequence[str], None] = "f6c8e0b2d4a7"
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    op.execute("SET lock_timeout = '2s'")

    # expect: domain-constraint
    op.execute(
        "ALTER DOMAIN emoji_shortcode "
        "ADD CONSTRAINT emoji_shortcode_max_length CHECK (char_length(VALUE) <= 40)"
    )


def downgrade() -> None:
    op.execute("ALTER DOMAIN emoji_shortcode DROP CONSTRAINT emoji_shortcode_max_length")
