"""devices.kind_id

Revision ID: 0003
Revises: 0002
Create Date: 2024-01-23 10:52:08.661942

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa

revision: str = '0003'
down_revision: Union[str, None] = '0002'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    # expect: validating-constraint, statements-after-access-exclusive
    op.add_column(
        'devices',
        sa.Column('kind_id', sa.SmallInteger(), sa.ForeignKey('device_kinds.id', name='fk_devices_kind_id'), nullable=True),
    )
    with op.get_context().autocommit_block():
        op.create_index(
            'ix_devices_kind_id', 'devices', ['kind_id'], postgresql_concurrently=True, if_not_exists=True
        )


def downgrade() -> None:
    with op.get_context().autocommit_block():
        op.drop_index('ix_devices_kind_id', table_name='devices', postgresql_concurrently=True, if_exists=True)
    op.drop_column('devices', 'kind_id')
