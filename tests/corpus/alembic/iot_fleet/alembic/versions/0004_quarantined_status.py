"""device status 'quarantined'

Revision ID: 0004
Revises: 0003
Create Date: 2024-02-12 08:17:36.330915

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa

revision: str = '0004'
down_revision: Union[str, None] = '0003'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    # the new value must be committed before the UPDATE below can use it
    with op.get_context().autocommit_block():
        op.execute("ALTER TYPE device_status ADD VALUE IF NOT EXISTS 'quarantined' AFTER 'active'")
    # firmware 1.0.x has the OTA signature bug (INC-2291)
    op.execute(
        sa.text(
            "UPDATE devices SET status = 'quarantined' "
            "WHERE status = 'active' AND firmware_version IN ('1.0.0', '1.0.1', '1.0.2')"
        )
    )


def downgrade() -> None:
    op.execute(sa.text("UPDATE devices SET status = 'active' WHERE status = 'quarantined'"))
