"""presence do not disturb

Revision ID: 8e0a2c4f6b98
Revises: 6c8e0a2d4f76
Create Date: 2024-03-18 14:05:31.662874

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa

# revision identifiers, used by Alembic.
revision: str = "8e0a2c4f6b98"
down_revision: Union[str, Sequence[str], None] = "6c8e0a2d4f76"
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    op.execute("SET lock_timeout = '2s'")

    # copied from the old runbook: ALTER TYPE ... ADD VALUE used to refuse
    # to run inside a transaction block
    # expect: nested-transaction
    op.execute("COMMIT")
    op.execute("ALTER TYPE presence_status ADD VALUE IF NOT EXISTS 'do_not_disturb'")


def downgrade() -> None:
    # enum values cannot be removed
    pass
