"""validate channel slug check

Revision ID: 8c0e2a4b6d9f
Revises: 6a8c0e2f4b7d
Create Date: 2025-02-10 14:51:03.447190

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa

# revision identifiers, used by Alembic.
revision: str = "8c0e2a4b6d9f"
down_revision: Union[str, Sequence[str], None] = "6a8c0e2f4b7d"
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    # step 2: SHARE UPDATE EXCLUSIVE only, reads and writes continue
    op.execute("ALTER TABLE channels VALIDATE CONSTRAINT ck_channels_slug_not_null")


def downgrade() -> None:
    pass
