"""backfill order placed_at and shipping country

Data-only revision: prepares orders.placed_at and
orders.shipping_country_code for NOT NULL in the next revisions.

Revision ID: 93b1d7e2f6a8
Revises: 41e7c3d9a5b0
Create Date: 2024-09-03 11:09:44.912675

"""

from collections.abc import Sequence

from alembic import op

# revision identifiers, used by Alembic.
revision: str = "93b1d7e2f6a8"
down_revision: str | Sequence[str] | None = "41e7c3d9a5b0"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

FIRST_ORDER_YEAR = 2019
LAST_ORDER_YEAR = 2024


def upgrade() -> None:
    """Upgrade schema."""
    # Checkout used to set placed_at only for card payments.  Backfill one
    # year at a time so each statement stays on the created_at index.
    for year in range(FIRST_ORDER_YEAR, LAST_ORDER_YEAR + 1):
        op.execute(
            f"""
            UPDATE orders
               SET placed_at = created_at
             WHERE placed_at IS NULL
               AND created_at >= '{year}-01-01'
               AND created_at < '{year + 1}-01-01'
            """
        )
    # Stragglers outside the expected range (clock skew, imported test data).
    op.execute("UPDATE orders SET placed_at = created_at WHERE placed_at IS NULL")

    # Orders created by the old mobile app after 2a7c6e9f0b35 went live.
    op.execute(
        """
        UPDATE orders
           SET shipping_country_code = users.country_code
          FROM users
         WHERE users.id = orders.user_id
           AND orders.shipping_country_code IS NULL
        """
    )


def downgrade() -> None:
    """Downgrade schema."""
    # Backfilled values are indistinguishable from real ones; nothing to undo.
    pass
