"""import of the old billing system's schema changes (excluded by file name)

Revision ID: 5e2a9c1d0f37
Revises: 3c9e1f7a2b40
Create Date: 2024-02-01 08:00:00

"""
from alembic import op
import sqlalchemy as sa

revision = "5e2a9c1d0f37"
down_revision = "3c9e1f7a2b40"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_invoices_number", "invoices", ["number"])
    op.drop_column("invoices", "status")
    op.execute("TRUNCATE tax_rates")
    op.add_column("customers", sa.Column("old_system_data", sa.JSON()))
    op.rename_table("tax_rates", "vat_rates")


def downgrade() -> None:
    op.rename_table("vat_rates", "tax_rates")
    op.drop_column("customers", "old_system_data")
    op.add_column("invoices", sa.Column("status", sa.String(20)))
    op.drop_index("ix_invoices_number", table_name="invoices")
