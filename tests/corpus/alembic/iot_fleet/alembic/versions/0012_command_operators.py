"""operators who issue commands

Revision ID: 0012
Revises: 0011
Create Date: 2024-06-03 13:36:40.227781

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa

revision: str = '0012'
down_revision: Union[str, None] = '0011'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    op.create_table(
        'operators',
        sa.Column('id', sa.BigInteger(), sa.Identity(), primary_key=True),
        sa.Column('email', sa.String(255), nullable=False, unique=True),
        sa.Column('display_name', sa.String(120), nullable=False),
        sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False),
    )
    op.add_column('device_commands', sa.Column('issued_by_operator_id', sa.BigInteger(), nullable=True))
    op.create_foreign_key(
        'fk_device_commands_issued_by_operator_id',
        'device_commands',
        'operators',
        ['issued_by_operator_id'],
        ['id'],
        ondelete='SET NULL',
        postgresql_not_valid=True,
    )
    with op.get_context().autocommit_block():
        op.create_index(
            'ix_device_commands_issued_by_operator_id',
            'device_commands',
            ['issued_by_operator_id'],
            postgresql_concurrently=True,
            if_not_exists=True,
        )


def downgrade() -> None:
    with op.get_context().autocommit_block():
        op.drop_index('ix_device_commands_issued_by_operator_id', table_name='device_commands',
                      postgresql_concurrently=True, if_exists=True)
    op.drop_constraint('fk_device_commands_issued_by_operator_id', 'device_commands', type_='foreignkey')
    op.drop_column('device_commands', 'issued_by_operator_id')
    op.drop_table('operators')
