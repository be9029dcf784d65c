"""data: clear the import staging table

Revision ID: c0ffee000005
Revises: c0ffee000004
Create Date: 2024-06-18 13:35:00.000000

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision: str = 'c0ffee000005'
down_revision: Union[str, Sequence[str], None] = 'c0ffee000004'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None

import_staging = sa.table("import_staging", sa.column("id", sa.BigInteger))


def upgrade() -> None:
    # expect: full-table-dml
    op.execute(import_staging.delete())


def downgrade() -> None:
    pass
