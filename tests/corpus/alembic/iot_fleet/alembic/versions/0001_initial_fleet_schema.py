"""initial fleet schema

Revision ID: 0001
Revises: 
Create Date: 2024-01-09 13:02:11.402877

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa
from sqlalchemy.dialects import postgresql

revision: str = '0001'
down_revision: Union[str, None] = None
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    op.create_table(
        'fleets',
        sa.Column('id', sa.BigInteger(), sa.Identity(always=True), primary_key=True),
        sa.Column('name', sa.String(120), nullable=False),
        sa.Column('region', sa.String(16), nullable=False),
        sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False),
    )
    op.create_table(
        'devices',
        sa.Column('id', sa.BigInteger(), sa.Identity(always=True), primary_key=True),
        sa.Column('fleet_id', sa.BigInteger(), sa.ForeignKey('fleets.id'), nullable=False),
        sa.Column('serial_number', sa.String(32), nullable=False),
        sa.Column('legacy_imei', sa.String(15), nullable=True),
        sa.Column(
            'status',
            postgresql.ENUM('provisioned', 'active', 'retired', name='device_status'),
            server_default='provisioned',
            nullable=False,
        ),
        sa.Column('firmware_version', sa.String(32), nullable=True),
        sa.Column('last_seen_at', sa.DateTime(timezone=True), nullable=True),
        sa.Column('metadata', postgresql.JSONB(), server_default=sa.text("'{}'::jsonb"), nullable=False),
        sa.UniqueConstraint('serial_number', name='uq_devices_serial_number'),
    )
    op.create_index('ix_devices_fleet_id', 'devices', ['fleet_id'])
    op.create_table(
        'firmware_releases',
        sa.Column('id', sa.Integer(), primary_key=True),
        sa.Column('version', sa.String(32), nullable=False),
        sa.Column('channel', sa.String(16), server_default='stable', nullable=False),
        sa.Column('released_at', sa.DateTime(timezone=True), nullable=True),
        sa.Column('notes', sa.Text(), nullable=True),
    )
    op.create_index('ix_firmware_releases_released_at', 'firmware_releases', ['released_at'])
    op.create_table(
        'telemetry_readings',
        sa.Column('id', sa.BigInteger(), sa.Identity(), primary_key=True),
        sa.Column('device_id', sa.BigInteger(), sa.ForeignKey('devices.id', ondelete='CASCADE'), nullable=False),
        sa.Column('recorded_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('metric', sa.String(64), nullable=False),
        sa.Column('value', sa.Float(), nullable=False),
    )
    op.create_index('ix_telemetry_readings_device_id', 'telemetry_readings', ['device_id'])
    op.create_index('ix_telemetry_readings_recorded_at', 'telemetry_readings', ['recorded_at'])
    op.create_table(
        'telemetry_staging',
        sa.Column('id', sa.BigInteger(), sa.Identity(), primary_key=True),
        sa.Column('raw', sa.Text(), nullable=False),
        sa.Column('received_at', sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False),
    )
    op.create_table(
        'command_types',
        sa.Column('id', sa.SmallInteger(), autoincrement=False, primary_key=True),
        sa.Column('code', sa.String(32), nullable=False, unique=True),
        sa.Column('description', sa.String(200), nullable=False),
    )
    op.create_table(
        'device_commands',
        sa.Column('id', sa.BigInteger(), sa.Identity(), primary_key=True),
        sa.Column('device_id', sa.BigInteger(), sa.ForeignKey('devices.id', ondelete='CASCADE'), nullable=False),
        sa.Column('command_type_id', sa.SmallInteger(), sa.ForeignKey('command_types.id'), nullable=False),
        sa.Column('payload', postgresql.JSONB(), nullable=False),
        sa.Column('status', sa.String(16), server_default='queued', nullable=False),
        sa.Column('retries', sa.Integer(), nullable=True),
        sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False),
    )
    op.create_index('ix_device_commands_device_id', 'device_commands', ['device_id'])
    op.create_index('ix_device_commands_command_type_id', 'device_commands', ['command_type_id'])
    op.create_table(
        'device_command_log',
        sa.Column('id', sa.BigInteger(), sa.Identity(), primary_key=True),
        sa.Column('command_id', sa.BigInteger(), sa.ForeignKey('device_commands.id', ondelete='CASCADE'), nullable=False),
        sa.Column('message', sa.Text(), nullable=False),
        sa.Column('logged_at', sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False),
    )
    op.create_index('ix_device_command_log_command_id', 'device_command_log', ['command_id'])


def downgrade() -> None:
    for table in ('device_command_log', 'device_commands', 'command_types', 'telemetry_staging',
                  'telemetry_readings', 'firmware_releases', 'devices', 'fleets'):
        op.drop_table(table)
    postgresql.ENUM(name='device_status').drop(op.get_bind())
