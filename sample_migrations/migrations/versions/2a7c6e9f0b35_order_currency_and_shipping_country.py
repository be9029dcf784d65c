"""order currency and shipping country

Revision ID: 2a7c6e9f0b35
Revises: d5b9e3c07a14
Create Date: 2024-05-06 13:55:48.027719

"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision: str = "2a7c6e9f0b35"
down_revision: str | Sequence[str] | None = "d5b9e3c07a14"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Upgrade schema."""
    # Team convention: fail fast instead of queueing behind a long transaction.
    op.execute("SET lock_timeout = '3s'")
    # Every order so far was charged in EUR.
    op.add_column(
        "orders",
        sa.Column("currency", sa.String(length=3), server_default="EUR", nullable=False),
    )
    op.add_column(
        "orders",
        sa.Column("shipping_country_code", sa.String(length=2), nullable=True),
    )
    # Until now we always shipped to the customer's home country.
    # expect: mixed-schema-and-data, statements-after-access-exclusive
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
    op.drop_column("orders", "shipping_country_code")
    op.drop_column("orders", "currency")
