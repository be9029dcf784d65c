"""product search materialized view

Revision ID: 07b6c8ea1c07
Revises: f6a5b7d90b06
Create Date: 2024-04-29 15:35:48.660212

"""
from alembic import op
import sqlalchemy as sa

# revision identifiers, used by Alembic.
revision = "07b6c8ea1c07"
down_revision = "f6a5b7d90b06"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.execute(
        sa.text(
            """
            CREATE MATERIALIZED VIEW product_search_mv AS
            SELECT p.id,
                   p.name,
                   unaccent(p.name) AS name_unaccented,
                   c.slug AS category_slug,
                   p.search_vector,
                   p.price_gross_cents,
                   p.is_stocked
              FROM products p
              LEFT JOIN categories c ON c.id = p.primary_category_id
             WHERE p.deleted_at IS NULL
            WITH NO DATA
            """
        )
    )
    # a unique index is required for REFRESH ... CONCURRENTLY later on
    op.create_index("uq_product_search_mv_id", "product_search_mv", ["id"], unique=True)
    op.create_index(
        "ix_product_search_mv_name_trgm",
        "product_search_mv",
        ["name_unaccented"],
        postgresql_using="gin",
        postgresql_ops={"name_unaccented": "gin_trgm_ops"},
    )
    op.create_index(
        "ix_product_search_mv_search_vector",
        "product_search_mv",
        ["search_vector"],
        postgresql_using="gin",
    )
    op.execute(sa.text("REFRESH MATERIALIZED VIEW product_search_mv"))


def downgrade() -> None:
    op.execute(sa.text("DROP MATERIALIZED VIEW IF EXISTS product_search_mv"))
