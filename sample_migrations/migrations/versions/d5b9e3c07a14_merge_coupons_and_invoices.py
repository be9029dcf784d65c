"""merge coupons and invoices

Revision ID: d5b9e3c07a14
Revises: c3f81e5a2d97, 7e0a4d2b9c61
Create Date: 2024-04-15 09:12:05.661230

"""

from collections.abc import Sequence

# revision identifiers, used by Alembic.
revision: str = "d5b9e3c07a14"
down_revision: str | Sequence[str] | None = ("c3f81e5a2d97", "7e0a4d2b9c61")
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Upgrade schema."""
    pass


def downgrade() -> None:
    """Downgrade schema."""
    pass
