"""refunds and manual payments

Revision ID: 8c5a1f3e7d26
Revises: 0b8e2d6c4f19
Create Date: 2024-07-02 10:38:57.519843

"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from shop.enums import OrderStatus
from sqlalchemy.dialects import postgresql

# revision identifiers, used by Alembic.
revision: str = "8c5a1f3e7d26"
down_revision: str | Sequence[str] | None = "0b8e2d6c4f19"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Upgrade schema."""
    # Team convention: fail fast instead of queueing behind a long transaction.
    op.execute("SET lock_timeout = '3s'")
    # Raw webhook body from the payment provider, kept for disputes.
    # expect: json-column
    op.add_column("payments", sa.Column("gateway_response", sa.JSON(), nullable=True))
    # Size / colour / engraving chosen by the customer.
    op.add_column(
        "order_items",
        sa.Column("options", postgresql.JSONB(astext_type=sa.Text()), nullable=True),
    )
    # Manual bank transfers are booked by support without a provider.
    # expect: drop-not-null
    op.alter_column(
        "payments",
        "provider",
        existing_type=sa.String(length=32),
        nullable=True,
    )

    # ALTER TYPE ... ADD VALUE gets its own transaction: the new value cannot
    # be used before it is committed.
    with op.get_context().autocommit_block():
        op.execute(
            f"ALTER TYPE order_status ADD VALUE IF NOT EXISTS '{OrderStatus.REFUNDED.value}'"
        )


def downgrade() -> None:
    """Downgrade schema."""
    # PostgreSQL cannot remove a value from an enum type; 'refunded' stays
    # (harmless for older code, and upgrade() is idempotent).
    op.execute("UPDATE payments SET provider = 'manual' WHERE provider IS NULL")
    op.alter_column(
        "payments",
        "provider",
        existing_type=sa.String(length=32),
        nullable=False,
    )
    op.drop_column("order_items", "options")
    op.drop_column("payments", "gateway_response")
