"""placeholder for the 2023-09 hotfix (applied by hand, see ops ticket)

Revision ID: 0002_hotfix_placeholder
Revises: 0001_initial
Create Date: 2023-09-12 18:30:00.000000

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision: str = '0002_hotfix_placeholder'
down_revision: Union[str, Sequence[str], None] = '0001_initial'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
