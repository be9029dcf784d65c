"""add order public_id

Revision ID: 0b8e2d6c4f19
Revises: 6f4d8b1e3a57
Create Date: 2024-06-18 17:04:12.330958

"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision: str = "0b8e2d6c4f19"
down_revision: str | Sequence[str] | None = "6f4d8b1e3a57"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Upgrade schema."""
    # Team convention: fail fast instead of queueing behind a long transaction.
    op.execute("SET lock_timeout = '3s'")
    # Stop leaking sequential order ids in confirmation e-mails and URLs.
    # expect: add-column-rewrite
    op.add_column(
        "orders",
        sa.Column(
            "public_id",
            sa.Uuid(),
            server_default=sa.text("gen_random_uuid()"),
            nullable=False,
        ),
    )

    # Build the unique index without blocking writes, then attach it as the
    # constraint (only a brief lock for the catalog update).
    with op.get_context().autocommit_block():
        op.create_index(
            "ix_orders_public_id",
            "orders",
            ["public_id"],
            unique=True,
            postgresql_concurrently=True,
        )
    op.execute(
        "ALTER TABLE orders ADD CONSTRAINT uq_orders_public_id "
        "UNIQUE USING INDEX ix_orders_public_id"
    )


def downgrade() -> None:
    """Downgrade schema."""
    op.drop_constraint("uq_orders_public_id", "orders", type_="unique")
    op.drop_column("orders", "public_id")
