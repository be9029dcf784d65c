"""customer indexes

Revision ID: 9c6e3a5b4d71
Revises: 8b5d2f4a3c60
Create Date: 2024-06-10 10:10:00

"""
from alembic import op

revision = "9c6e3a5b4d71"
down_revision = "8b5d2f4a3c60"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.get_context().autocommit_block():
        op.create_index(
            "ix_customers_full_name",
            "customers",
            ["full_name"],
            postgresql_concurrently=True,
        )
    # drop-index-not-concurrent: not selected
    op.drop_index("ix_invoices_customer_id", table_name="invoices")
    # expect: index-not-concurrent
    op.create_index("ix_invoices_customer_id_status", "invoices", ["customer_id", "invoice_number"])


def downgrade() -> None:
    op.drop_index("ix_invoices_customer_id_status", table_name="invoices")
    op.create_index("ix_invoices_customer_id", "invoices", ["customer_id"])
    op.drop_index("ix_customers_full_name", table_name="customers")
