"""merge moderation and media heads

Revision ID: e0f2a4c6b813
Revises: 5e8a0c2d4f19, 7b3d5f9e1a26
Create Date: 2023-11-09 09:02:55.145629

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa

# revision identifiers, used by Alembic.
revision: str = "e0f2a4c6b813"
down_revision: Union[str, Sequence[str], None] = ("5e8a0c2d4f19", "7b3d5f9e1a26")
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
