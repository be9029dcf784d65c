"""staging cleanup, firmware_releases physical order

Revision ID: 0011
Revises: 0010
Create Date: 2024-05-20 07:55:18.662709

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa
from sqlalchemy.dialects import postgresql

revision: str = '0011'
down_revision: Union[str, None] = '0010'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    # everything in staging was replayed into telemetry_readings by the v2 importer
    # expect: truncate
    op.execute('TRUNCATE telemetry_staging')
    # expect: statements-after-access-exclusive
    op.execute('CLUSTER firmware_releases USING ix_firmware_releases_released_at')  # migcheck: ignore[table-rewrite] ~300 rows
    # migcheck: ignore[drop-not-null] every reader handles a missing payload since app 3.4
    op.alter_column('device_commands', 'payload', existing_type=postgresql.JSONB(), nullable=True)


def downgrade() -> None:
    op.alter_column('device_commands', 'payload', existing_type=postgresql.JSONB(), nullable=False)
