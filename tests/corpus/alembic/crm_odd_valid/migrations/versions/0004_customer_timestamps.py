"""timestamps on customers

Revision ID: 0004_customer_timestamps
Revises: 0003_add_index
Create Date: 2023-10-17 09:30:00.000000

"""
from typing import Sequence, Union

from alembic import op

from migrations.helpers import add_timestamps


# revision identifiers, used by Alembic.
revision: str = '0004_customer_timestamps'
down_revision: Union[str, Sequence[str], None] = '0003_add_index'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    # expect: missing-lock-timeout
    add_timestamps("customers")


def downgrade() -> None:
    op.drop_column("customers", "updated_at")
    op.drop_column("customers", "created_at")
