"""device decommissioning

Revision ID: 0009
Revises: 0008
Create Date: 2024-04-22 16:21:09.004512

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa

revision: str = '0009'
down_revision: Union[str, None] = '0008'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    # copied from the runbook that was tested by hand on staging
    # expect: index-not-concurrent, statements-after-access-exclusive
    op.execute(
        """
        ALTER TABLE devices ADD COLUMN decommissioned_at timestamptz;
        CREATE INDEX ix_devices_decommissioned_at ON devices (decommissioned_at)
            WHERE decommissioned_at IS NOT NULL;
        """
    )
    # migcheck: ignore[index-not-concurrent, statements-after-access-exclusive] applied in maintenance window MW-0424, ingestion paused
    op.create_index('ix_telemetry_readings_metric_recorded_at', 'telemetry_readings', ['metric', 'recorded_at'])
    # expect: mixed-schema-and-data, statements-after-access-exclusive
    op.execute(
        sa.text("UPDATE devices SET decommissioned_at = last_seen_at WHERE status = 'retired' AND decommissioned_at IS NULL")
    )


def downgrade() -> None:
    op.drop_index('ix_telemetry_readings_metric_recorded_at', table_name='telemetry_readings')
    op.execute('DROP INDEX ix_devices_decommissioned_at')
    op.drop_column('devices', 'decommissioned_at')
