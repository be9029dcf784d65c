"""schema cleanup

Revision ID: d0c7f2b4a968
Revises: 8e3a5d0b7c14
Create Date: 2025-02-10 15:21:58.774302

"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision: str = "d0c7f2b4a968"
down_revision: str | Sequence[str] | None = "8e3a5d0b7c14"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Upgrade schema."""
    # Team convention: fail fast instead of queueing behind a long transaction.
    op.execute("SET lock_timeout = '3s'")
    # Every imported account has logged in (or been deleted) since 2024-06.
    # expect: drop-column
    op.drop_column("users", "legacy_password_md5")

    # Newsletter moved to the marketing platform in November.
    # expect: drop-table
    op.drop_table("newsletter_signups")

    # expect: rename-column
    op.alter_column(
        "users",
        "name",
        new_column_name="full_name",
        existing_type=sa.String(length=120),
        existing_nullable=True,
    )

    # Consistent with order_items.
    # expect: rename-table
    op.rename_table("wishlist", "wishlist_items")


def downgrade() -> None:
    """Downgrade schema."""
    op.rename_table("wishlist_items", "wishlist")
    op.alter_column(
        "users",
        "full_name",
        new_column_name="name",
        existing_type=sa.String(length=120),
        existing_nullable=True,
    )
    op.create_table(
        "newsletter_signups",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("email", sa.String(length=254), nullable=False),
        sa.Column("source", sa.String(length=50), nullable=True),
        sa.Column(
            "created_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("now()"),
            nullable=False,
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_newsletter_signups")),
    )
    op.create_index(op.f("ix_newsletter_signups_email"), "newsletter_signups", ["email"])
    op.add_column(
        "users",
        sa.Column("legacy_password_md5", sa.String(length=32), nullable=True),
    )
