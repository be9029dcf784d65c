"""command types and command queue data fixes

Data only: runs in its own transaction (transaction_per_migration).

Revision ID: 0007
Revises: 0006
Create Date: 2024-03-11 14:03:30.118457

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa

revision: str = '0007'
down_revision: Union[str, None] = '0006'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None

command_types = sa.table(
    'command_types',
    sa.column('id', sa.SmallInteger),
    sa.column('code', sa.String),
    sa.column('description', sa.String),
)


def upgrade() -> None:
    op.bulk_insert(
        command_types,
        [
            {'id': 10, 'code': 'reboot', 'description': 'Reboot the device'},
            {'id': 11, 'code': 'ota_update', 'description': 'Download and apply a firmware image'},
            {'id': 12, 'code': 'set_interval', 'description': 'Change the reporting interval'},
        ],
    )
    op.execute(
        sa.text("UPDATE device_commands SET status = 'expired' WHERE status = 'queued' AND created_at < :cutoff")
        .bindparams(cutoff='2024-03-01T00:00:00+00:00')
    )
    # expect: full-table-dml
    op.execute(
        "DELETE FROM device_command_log WHERE logged_at < now() - interval '180 days';"
        "UPDATE device_commands SET retries = coalesce(retries, 0);"
    )


def downgrade() -> None:
    op.execute(sa.text('DELETE FROM command_types WHERE id IN (10, 11, 12)'))
