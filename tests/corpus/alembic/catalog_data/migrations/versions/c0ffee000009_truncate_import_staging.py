"""truncate import staging

Revision ID: c0ffee000009
Revises: c0ffee000008
Create Date: 2024-08-05 09:10:00.000000

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision: str = 'c0ffee000009'
down_revision: Union[str, Sequence[str], None] = 'c0ffee000008'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    # expect: truncate, missing-lock-timeout
    op.execute("TRUNCATE TABLE import_staging")


def downgrade() -> None:
    pass
