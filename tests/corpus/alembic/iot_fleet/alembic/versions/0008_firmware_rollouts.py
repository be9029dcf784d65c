"""firmware rollouts

Revision ID: 0008
Revises: 0007
Create Date: 2024-04-02 09:58:21.740093

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa

revision: str = '0008'
down_revision: Union[str, None] = '0007'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    op.create_table(
        'firmware_rollouts',
        sa.Column('id', sa.BigInteger(), sa.Identity(), primary_key=True),
        sa.Column('fleet_id', sa.BigInteger(), sa.ForeignKey('fleets.id', ondelete='CASCADE'), nullable=False),
        sa.Column('firmware_release_id', sa.Integer(), sa.ForeignKey('firmware_releases.id'), nullable=False),
        sa.Column('percent', sa.SmallInteger(), server_default='0', nullable=False),
        sa.Column('started_at', sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False),
        sa.Column('paused_at', sa.DateTime(timezone=True), nullable=True),
        sa.CheckConstraint('percent BETWEEN 0 AND 100', name='ck_firmware_rollouts_percent'),
    )
    op.create_index('ix_firmware_rollouts_fleet_id', 'firmware_rollouts', ['fleet_id'])
    op.create_index('ix_firmware_rollouts_firmware_release_id', 'firmware_rollouts', ['firmware_release_id'])
    # migcheck: ignore[unique-constraint-without-index] firmware_releases has ~300 rows
    op.create_unique_constraint('uq_firmware_releases_version', 'firmware_releases', ['version'])
    op.create_check_constraint(
        'ck_firmware_releases_channel',
        'firmware_releases',
        "channel IN ('stable', 'beta', 'canary')",
        postgresql_not_valid=True,
    )
    # expect: validating-constraint, statements-after-access-exclusive
    op.execute('ALTER TABLE firmware_releases VALIDATE CONSTRAINT ck_firmware_releases_channel')


def downgrade() -> None:
    op.drop_constraint('ck_firmware_releases_channel', 'firmware_releases', type_='check')
    op.drop_constraint('uq_firmware_releases_version', 'firmware_releases', type_='unique')
    op.drop_table('firmware_rollouts')
