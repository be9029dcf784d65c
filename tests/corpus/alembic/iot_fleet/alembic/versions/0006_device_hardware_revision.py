"""device hardware revision, longer serial numbers

Revision ID: 0006
Revises: 0005
Create Date: 2024-03-11 11:29:47.552068

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa

revision: str = '0006'
down_revision: Union[str, None] = '0005'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    with op.batch_alter_table('devices', schema=None) as batch_op:
        batch_op.add_column(sa.Column('hardware_rev', sa.String(16), nullable=True))
        # new vendor serials are 40 characters
        batch_op.alter_column('serial_number', existing_type=sa.String(32), type_=sa.String(64), existing_nullable=False)
        # expect: set-not-null-scan, statements-after-access-exclusive
        batch_op.alter_column('firmware_version', existing_type=sa.String(32), nullable=False)
        # expect: index-not-concurrent, statements-after-access-exclusive
        batch_op.create_index('ix_devices_hardware_rev', ['hardware_rev'], unique=False)
        batch_op.drop_column('legacy_imei')  # migcheck: ignore[drop-column] unused since app 3.2 (removed from the model in PR 812)


def downgrade() -> None:
    with op.batch_alter_table('devices', schema=None) as batch_op:
        batch_op.add_column(sa.Column('legacy_imei', sa.String(15), nullable=True))
        batch_op.drop_index('ix_devices_hardware_rev')
        batch_op.alter_column('firmware_version', existing_type=sa.String(32), nullable=True)
        batch_op.alter_column('serial_number', existing_type=sa.String(64), type_=sa.String(32), existing_nullable=False)
        batch_op.drop_column('hardware_rev')
