"""clear typing events

Revision ID: c2e4a6d8f0b3
Revises: a0e2c4b6d8f1
Create Date: 2025-03-03 09:06:59.730418

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa

# revision identifiers, used by Alembic.
revision: str = "c2e4a6d8f0b3"
down_revision: Union[str, Sequence[str], None] = "a0e2c4b6d8f1"
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    op.execute("SET LOCAL lock_timeout = '2s'")

    # typing events older than a few seconds are meaningless
    # expect: truncate
    op.execute("TRUNCATE TABLE typing_events")


def downgrade() -> None:
    pass
