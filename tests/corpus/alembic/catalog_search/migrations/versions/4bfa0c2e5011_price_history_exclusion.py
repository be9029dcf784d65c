"""no overlapping prices; category slug unique among live categories

Revision ID: 4bfa0c2e5011
Revises: 3ae9fb1d4f10
Create Date: 2024-06-24 17:02:18.514960

"""
from alembic import op
import sqlalchemy as sa

# revision identifiers, used by Alembic.
revision = "4bfa0c2e5011"
down_revision = "3ae9fb1d4f10"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.execute(sa.text("CREATE EXTENSION IF NOT EXISTS btree_gist"))
    # expect: exclusion-constraint, missing-lock-timeout
    op.execute(
        sa.text(
            "ALTER TABLE product_price_history "
            "ADD CONSTRAINT ex_product_price_history_no_overlap "
            "EXCLUDE USING gist (product_id WITH =, valid_during WITH &&)"
        )
    )
    with op.get_context().autocommit_block():
        op.drop_index(
            "ix_products_name_trgm",
            table_name="products",
            postgresql_concurrently=True,
            if_exists=True,
        )
    # expect: index-not-concurrent
    op.create_index(
        "uq_categories_slug_live",
        "categories",
        ["slug"],
        unique=True,
        postgresql_where=sa.text("archived_at IS NULL"),
    )
    # expect: non-transactional-statement
    op.execute(sa.text("VACUUM (ANALYZE) product_price_history"))


def downgrade() -> None:
    op.drop_index("uq_categories_slug_live", table_name="categories")
    op.execute(
        sa.text(
            "ALTER TABLE product_price_history "
            "DROP CONSTRAINT IF EXISTS ex_product_price_history_no_overlap"
        )
    )
