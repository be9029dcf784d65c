"""user profile fields

Revision ID: b6a2c94e1f08
Revises: 5c2e7f81d3a9
Create Date: 2024-03-19 16:48:30.592871

"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision: str = "b6a2c94e1f08"
down_revision: str | Sequence[str] | None = "5c2e7f81d3a9"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Upgrade schema."""
    # Team convention: fail fast instead of queueing behind a long transaction.
    op.execute("SET lock_timeout = '3s'")
    op.add_column("users", sa.Column("phone", sa.String(length=32), nullable=True))
    # Constant and now() defaults are stored in the catalog (PG 11+): no rewrite.
    op.add_column(
        "users",
        sa.Column(
            "marketing_opt_in",
            sa.Boolean(),
            server_default=sa.text("false"),
            nullable=False,
        ),
    )
    op.add_column(
        "users",
        sa.Column(
            "updated_at",
            sa.DateTime(timezone=True),
            server_default=sa.func.now(),
            nullable=False,
        ),
    )
    # Support tickets about truncated double-barrelled names.  Widening a
    # varchar is a catalog-only change.
    op.alter_column(
        "users",
        "name",
        existing_type=sa.String(length=50),
        type_=sa.String(length=120),
        existing_nullable=True,
    )


def downgrade() -> None:
    """Downgrade schema."""
    op.alter_column(
        "users",
        "name",
        existing_type=sa.String(length=120),
        type_=sa.String(length=50),
        existing_nullable=True,
    )
    op.drop_column("users", "updated_at")
    op.drop_column("users", "marketing_opt_in")
    op.drop_column("users", "phone")
