"""order shipping country not null

Revision ID: c7e2a5f9b184
Revises: 5e8b3d1a7f62
Create Date: 2024-09-24 14:40:02.683519

"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision: str = "c7e2a5f9b184"
down_revision: str | Sequence[str] | None = "5e8b3d1a7f62"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Upgrade schema."""
    # Team convention: fail fast instead of queueing behind a long transaction.
    op.execute("SET lock_timeout = '3s'")
    # The validated CHECK (... IS NOT NULL) proves there are no NULLs, so
    # PostgreSQL 12+ skips the full-table scan here.
    op.alter_column(
        "orders",
        "shipping_country_code",
        existing_type=sa.String(length=2),
        nullable=False,
    )
    op.drop_constraint("ck_orders_shipping_country_code_not_null", "orders", type_="check")


def downgrade() -> None:
    """Downgrade schema."""
    op.create_check_constraint(
        "ck_orders_shipping_country_code_not_null",
        "orders",
        "shipping_country_code IS NOT NULL",
    )
    op.alter_column(
        "orders",
        "shipping_country_code",
        existing_type=sa.String(length=2),
        nullable=True,
    )
