"""product attributes (jsonb)

Revision ID: 18c7d9fb2d08
Revises: 07b6c8ea1c07
Create Date: 2024-05-13 10:14:09.228716

"""
from alembic import op
import sqlalchemy as sa
from sqlalchemy.dialects import postgresql

# revision identifiers, used by Alembic.
revision = "18c7d9fb2d08"
down_revision = "07b6c8ea1c07"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # expect: missing-lock-timeout
    op.add_column(
        "products",
        sa.Column(
            "attributes",
            postgresql.JSONB(astext_type=sa.Text()),
            nullable=False,
            server_default=sa.text("'{}'::jsonb"),
        ),
    )
    with op.get_context().autocommit_block():
        op.create_index(
            "ix_products_attributes",
            "products",
            ["attributes"],
            postgresql_using="gin",
            postgresql_ops={"attributes": "jsonb_path_ops"},
            postgresql_concurrently=True,
        )
        # expect: identifier-too-long
        op.execute(
            sa.text(
                "CREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS "
                "uq_products_attributes_supplier_reference_for_live_products_only "
                "ON products ((attributes ->> 'supplier_ref')) "
                "WHERE deleted_at IS NULL AND attributes ? 'supplier_ref'"
            )
        )


def downgrade() -> None:
    op.execute(sa.text("DROP INDEX IF EXISTS uq_products_attributes_supplier_reference_for_live_products_only"))
    op.drop_index("ix_products_attributes", table_name="products")
    op.drop_column("products", "attributes")
