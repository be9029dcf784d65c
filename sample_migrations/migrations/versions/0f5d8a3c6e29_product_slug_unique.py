"""product slug unique

Revision ID: 0f5d8a3c6e29
Revises: e9a4c2f7b05d
Create Date: 2024-10-21 10:58:50.472931

"""

from collections.abc import Sequence

from alembic import op

# revision identifiers, used by Alembic.
revision: str = "0f5d8a3c6e29"
down_revision: str | Sequence[str] | None = "e9a4c2f7b05d"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Upgrade schema."""
    # Team convention: fail fast instead of queueing behind a long transaction.
    op.execute("SET lock_timeout = '3s'")
    with op.get_context().autocommit_block():
        op.execute("CREATE UNIQUE INDEX CONCURRENTLY ix_products_slug ON products (slug)")
    op.execute(
        "ALTER TABLE products ADD CONSTRAINT uq_products_slug UNIQUE USING INDEX ix_products_slug"
    )


def downgrade() -> None:
    """Downgrade schema."""
    # Dropping the constraint also drops the index it adopted.
    op.drop_constraint("uq_products_slug", "products", type_="unique")
