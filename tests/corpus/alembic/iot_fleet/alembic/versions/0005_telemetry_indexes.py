"""telemetry and command queue indexes

Revision ID: 0005
Revises: 0004
Create Date: 2024-02-26 15:44:02.809116

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa

revision: str = '0005'
down_revision: Union[str, None] = '0004'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    with op.get_context().autocommit_block():
        op.create_index(
            'ix_telemetry_readings_device_id_recorded_at',
            'telemetry_readings',
            ['device_id', 'recorded_at'],
            postgresql_include=['metric', 'value'],
            postgresql_concurrently=True,
            if_not_exists=True,
        )
        # covered by the index above
        op.drop_index(
            'ix_telemetry_readings_device_id',
            table_name='telemetry_readings',
            postgresql_concurrently=True,
            if_exists=True,
        )
        # bloated after the February backfill
        op.execute('REINDEX INDEX CONCURRENTLY ix_telemetry_readings_recorded_at')
        op.execute('VACUUM (ANALYZE) telemetry_readings')

    # the dispatcher polls queued/sent commands every second
    # expect: non-transactional-statement
    op.create_index(
        'ix_device_commands_pending',
        'device_commands',
        ['status', 'created_at'],
        postgresql_where=sa.text("status IN ('queued', 'sent')"),
        postgresql_concurrently=True,
    )


def downgrade() -> None:
    op.drop_index('ix_device_commands_pending', table_name='device_commands')
    op.create_index('ix_telemetry_readings_device_id', 'telemetry_readings', ['device_id'])
    op.drop_index('ix_telemetry_readings_device_id_recorded_at', table_name='telemetry_readings')
