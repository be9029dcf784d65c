"""warehouses and stock levels

Revision ID: f6a5b7d90b06
Revises: e5f4a6c8fa05
Create Date: 2024-04-08 08:57:14.310077

"""
from alembic import op
import sqlalchemy as sa

# revision identifiers, used by Alembic.
revision = "f6a5b7d90b06"
down_revision = "e5f4a6c8fa05"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # expect: missing-lock-timeout
    op.add_column(
        "products",
        sa.Column("is_stocked", sa.Boolean(), nullable=False, server_default=sa.false()),
    )

    op.create_table(
        "warehouses",
        sa.Column("id", sa.Integer(), sa.Identity(always=True), primary_key=True),
        sa.Column("code", sa.String(16), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("is_default", sa.Boolean(), nullable=False, server_default=sa.false()),
        sa.Column("closed_at", sa.DateTime(timezone=True), nullable=True),
    )
    op.create_index("uq_warehouses_code", "warehouses", ["code"], unique=True)
    op.create_index(
        "uq_warehouses_single_default",
        "warehouses",
        ["is_default"],
        unique=True,
        postgresql_where=sa.text("is_default AND closed_at IS NULL"),
    )

    op.create_table(
        "stock_levels",
        sa.Column(
            "product_id",
            sa.BigInteger(),
            sa.ForeignKey("products.id", name="fk_stock_levels_product_id", ondelete="CASCADE"),
            primary_key=True,
        ),
        sa.Column(
            "warehouse_id",
            sa.Integer(),
            sa.ForeignKey("warehouses.id", name="fk_stock_levels_warehouse_id"),
            primary_key=True,
        ),
        sa.Column("quantity", sa.Integer(), nullable=False, server_default=sa.text("0")),
        sa.CheckConstraint("quantity >= 0", name="ck_stock_levels_quantity_non_negative"),
    )
    op.create_index("ix_stock_levels_warehouse_id", "stock_levels", ["warehouse_id"])

    # every live product starts as stocked until the first inventory sync
    # expect: mixed-schema-and-data, statements-after-access-exclusive
    op.execute(sa.text("UPDATE products SET is_stocked = true WHERE deleted_at IS NULL"))


def downgrade() -> None:
    op.drop_table("stock_levels")
    op.drop_table("warehouses")
    op.drop_column("products", "is_stocked")
