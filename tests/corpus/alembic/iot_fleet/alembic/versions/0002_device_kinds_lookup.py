"""device kinds lookup table

Revision ID: 0002
Revises: 0001
Create Date: 2024-01-23 10:40:55.017330

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa

revision: str = '0002'
down_revision: Union[str, None] = '0001'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    device_kinds = op.create_table(
        'device_kinds',
        sa.Column('id', sa.SmallInteger(), autoincrement=False, primary_key=True),
        sa.Column('code', sa.String(32), nullable=False),
        sa.Column('label', sa.String(64), nullable=False),
        sa.UniqueConstraint('code', name='uq_device_kinds_code'),
    )
    op.bulk_insert(
        device_kinds,
        [
            {'id': 1, 'code': 'gateway', 'label': 'LTE gateway'},
            {'id': 2, 'code': 'tracker', 'label': 'GPS tracker'},
            {'id': 3, 'code': 'temp_sensor', 'label': 'Temperature sensor'},
            {'id': 4, 'code': 'door_sensor', 'label': 'Door sensor'},
        ],
    )


def downgrade() -> None:
    op.drop_table('device_kinds')
