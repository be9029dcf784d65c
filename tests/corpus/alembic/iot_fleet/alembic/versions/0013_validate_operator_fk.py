"""validate fk_device_commands_issued_by_operator_id

Revision ID: 0013
Revises: 0012
Create Date: 2024-06-03 13:37:02.915048

"""
from typing import Sequence, Union

from alembic import op

revision: str = '0013'
down_revision: Union[str, None] = '0012'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    # separate revision = separate transaction: VALIDATE only takes SHARE UPDATE EXCLUSIVE
    op.execute('ALTER TABLE device_commands VALIDATE CONSTRAINT fk_device_commands_issued_by_operator_id')


def downgrade() -> None:
    pass
