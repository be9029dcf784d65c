"""status code not null, step 3; rename webhook events

Revision ID: b1a0c0de000b
Revises: b1a0c0de000a
Create Date: 2024-03-06 10:00:00.000000

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision: str = 'b1a0c0de000b'
down_revision: Union[str, Sequence[str], None] = 'b1a0c0de000a'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    op.execute("SET lock_timeout = '5s'")
    op.alter_column(
        "invoices",
        "status_code",
        nullable=False,
        existing_type=sa.String(length=16),
        schema="billing",
    )
    op.drop_constraint("ck_invoices_status_code_nn", "invoices", schema="billing", type_="check")
    # expect: rename-table
    op.rename_table("webhook_events", "provider_events", schema="billing")


def downgrade() -> None:
    op.rename_table("provider_events", "webhook_events", schema="billing")
    op.alter_column(
        "invoices",
        "status_code",
        nullable=True,
        existing_type=sa.String(length=16),
        schema="billing",
    )
