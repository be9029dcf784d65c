"""webhook events, customer delivery preference

Revision ID: b1a0c0de0008
Revises: b1a0c0de0007
Create Date: 2024-02-20 16:30:00.000000

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision: str = 'b1a0c0de0008'
down_revision: Union[str, Sequence[str], None] = 'b1a0c0de0007'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    op.execute("SET lock_timeout = '5s'")
    # expect: json-column
    op.create_table(
        "webhook_events",
        sa.Column("id", sa.BigInteger(), primary_key=True),
        sa.Column("provider", sa.String(length=32), nullable=False),
        sa.Column("payload", sa.JSON(), nullable=False),
        sa.Column("received_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False),
        schema="billing",
    )
    # expect: drop-index-not-concurrent
    op.drop_index("ix_payments_created_at", table_name="payments")
    # expect: identifier-too-long
    op.add_column(
        "customers",
        sa.Column(
            "preferred_invoice_delivery_channel_when_primary_email_address_bounces",
            sa.String(length=16),
            nullable=True,
        ),
    )


def downgrade() -> None:
    op.drop_column("customers", "preferred_invoice_delivery_channel_when_primary_email_address_bounces")
    op.create_index("ix_payments_created_at", "payments", ["created_at"])
    op.drop_table("webhook_events", schema="billing")
