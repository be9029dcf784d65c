"""rename telemetry value column, command log table

Revision ID: 0010
Revises: 0009
Create Date: 2024-05-06 10:07:44.391260

"""
# The ingestion worker is the only reader of telemetry_readings and is
# deployed in the same release as this revision (it stops, migrates, starts).
# migcheck: ignore-file[rename-column]
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa

revision: str = '0010'
down_revision: Union[str, None] = '0009'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    op.alter_column('telemetry_readings', 'value', new_column_name='reading', existing_type=sa.Float())
    # expect: rename-table
    op.rename_table('device_command_log', 'device_command_events')


def downgrade() -> None:
    op.rename_table('device_command_events', 'device_command_log')
    op.alter_column('telemetry_readings', 'reading', new_column_name='value', existing_type=sa.Float())
