"""wishlist and product slugs

Revision ID: 6f4d8b1e3a57
Revises: 2a7c6e9f0b35
Create Date: 2024-05-27 11:20:36.845102

"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision: str = "6f4d8b1e3a57"
down_revision: str | Sequence[str] | None = "2a7c6e9f0b35"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Upgrade schema."""
    # Team convention: fail fast instead of queueing behind a long transaction.
    op.execute("SET lock_timeout = '3s'")
    op.create_table(
        "wishlist",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("product_id", sa.Integer(), nullable=False),
        sa.Column(
            "added_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("now()"),
            nullable=False,
        ),
        sa.ForeignKeyConstraint(
            ["product_id"],
            ["products.id"],
            name=op.f("fk_wishlist_product_id_products"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_wishlist_user_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_wishlist")),
        sa.UniqueConstraint("user_id", "product_id", name=op.f("uq_wishlist_user_id")),
    )
    op.create_index(op.f("ix_wishlist_user_id"), "wishlist", ["user_id"])
    op.create_index(op.f("ix_wishlist_product_id"), "wishlist", ["product_id"])

    # Shareable wishlist links use /p/<slug>; filled in by a follow-up revision.
    op.add_column("products", sa.Column("slug", sa.String(length=160), nullable=True))


def downgrade() -> None:
    """Downgrade schema."""
    op.drop_column("products", "slug")
    op.drop_index(op.f("ix_wishlist_product_id"), table_name="wishlist")
    op.drop_index(op.f("ix_wishlist_user_id"), table_name="wishlist")
    op.drop_table("wishlist")
