"""merge audit columns and customer timestamps

Revision ID: 0005_merge
Revises: 0004_audit_columns, 0004_customer_timestamps
Create Date: 2023-10-18 08:00:00.000000

"""
from typing import Sequence, Union


# revision identifiers, used by Alembic.
revision: str = '0005_merge'
down_revision: Union[str, Sequence[str], None] = ('0004_audit_columns', '0004_customer_timestamps')
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
