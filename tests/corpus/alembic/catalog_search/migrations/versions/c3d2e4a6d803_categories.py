"""categories

Revision ID: c3d2e4a6d803
Revises: b2e1d3f5c702
Create Date: 2024-02-20 10:48:03.119840

"""
from alembic import op
import sqlalchemy as sa

# revision identifiers, used by Alembic.
revision = "c3d2e4a6d803"
down_revision = "b2e1d3f5c702"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # expect: missing-lock-timeout
    op.add_column("products", sa.Column("primary_category_id", sa.BigInteger(), nullable=True))

    op.create_table(
        "categories",
        sa.Column("id", sa.BigInteger(), sa.Identity(), primary_key=True),
        sa.Column(
            "parent_id",
            sa.BigInteger(),
            sa.ForeignKey("categories.id", name="fk_categories_parent_id", ondelete="CASCADE"),
            nullable=True,
        ),
        sa.Column("slug", sa.String(80), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("archived_at", sa.DateTime(timezone=True), nullable=True),
    )
    op.create_index("ix_categories_parent_id", "categories", ["parent_id"])

    op.create_table(
        "product_categories",
        sa.Column(
            "product_id",
            sa.BigInteger(),
            sa.ForeignKey("products.id", name="fk_product_categories_product_id", ondelete="CASCADE"),
            primary_key=True,
        ),
        sa.Column(
            "category_id",
            sa.BigInteger(),
            sa.ForeignKey("categories.id", name="fk_product_categories_category_id", ondelete="CASCADE"),
            primary_key=True,
        ),
    )
    op.create_index("ix_product_categories_category_id", "product_categories", ["category_id"])

    op.create_foreign_key(
        "fk_products_primary_category_id",
        "products",
        "categories",
        ["primary_category_id"],
        ["id"],
        postgresql_not_valid=True,
    )
    with op.get_context().autocommit_block():
        op.create_index(
            "ix_products_primary_category_id",
            "products",
            ["primary_category_id"],
            postgresql_concurrently=True,
        )


def downgrade() -> None:
    op.drop_index("ix_products_primary_category_id", table_name="products")
    op.drop_constraint("fk_products_primary_category_id", "products", type_="foreignkey")
    op.drop_table("product_categories")
    op.drop_table("categories")
    op.drop_column("products", "primary_category_id")
