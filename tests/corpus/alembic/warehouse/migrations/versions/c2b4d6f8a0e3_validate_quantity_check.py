"""validate quantity check

Revision ID: c2b4d6f8a0e3
Revises: a0e2b4d6f8c1
Create Date: 2024-06-10 11:09:52.017845

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa

# revision identifiers, used by Alembic.
revision: str = "c2b4d6f8a0e3"
down_revision: Union[str, Sequence[str], None] = "a0e2b4d6f8c1"
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    op.execute(
        "ALTER TABLE stock_levels VALIDATE CONSTRAINT ck_stock_levels_quantity_non_negative"
    )


def downgrade() -> None:
    pass
