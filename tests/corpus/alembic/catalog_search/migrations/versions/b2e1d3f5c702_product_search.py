"""product full-text and trigram search

Revision ID: b2e1d3f5c702
Revises: a1f0c2e4b601
Create Date: 2024-02-05 14:11:40.773219

"""
from alembic import op
import sqlalchemy as sa
from sqlalchemy.dialects import postgresql

# revision identifiers, used by Alembic.
revision = "b2e1d3f5c702"
down_revision = "a1f0c2e4b601"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # expect: add-column-rewrite, missing-lock-timeout
    op.add_column(
        "products",
        sa.Column(
            "search_vector",
            postgresql.TSVECTOR(),
            sa.Computed(
                "to_tsvector('simple'::regconfig, "
                "coalesce(name, '') || ' ' || coalesce(description, ''))",
                persisted=True,
            ),
        ),
    )
    with op.get_context().autocommit_block():
        op.create_index(
            "ix_products_search_vector",
            "products",
            ["search_vector"],
            postgresql_using="gin",
            postgresql_concurrently=True,
        )
    # expect: index-not-concurrent
    op.create_index(
        "ix_products_name_trgm",
        "products",
        ["name"],
        postgresql_using="gin",
        postgresql_ops={"name": "gin_trgm_ops"},
    )


def downgrade() -> None:
    op.drop_index("ix_products_name_trgm", table_name="products")
    op.drop_index("ix_products_search_vector", table_name="products")
    op.drop_column("products", "search_vector")
