"""customers: profile json, drop legacy columns, rename

Revision ID: 6f3b0d2e1a48
Revises: 5e2a9c1d0f37
Create Date: 2024-03-12 12:00:00

"""
from alembic import op
import sqlalchemy as sa

revision = "6f3b0d2e1a48"
down_revision = "5e2a9c1d0f37"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # json-column is selected and ignored: ignore wins, no finding
    op.add_column("customers", sa.Column("profile", sa.JSON()))
    # expect: drop-column
    op.drop_column("customers", "old_system_data")
    # expect: rename-column
    op.alter_column("invoices", "number", new_column_name="invoice_number")
    # rename-table: selected and ignored
    op.rename_table("vat_rates", "tax_rates_v2")
    # drop-table: not selected (and ignored)
    op.drop_table("audit_log")


def downgrade() -> None:
    op.create_table(
        "audit_log",
        sa.Column("id", sa.BigInteger(), primary_key=True),
        sa.Column("message", sa.Text(), nullable=False),
    )
    op.rename_table("tax_rates_v2", "vat_rates")
    op.alter_column("invoices", "invoice_number", new_column_name="number")
    op.add_column("customers", sa.Column("old_system_data", sa.JSON()))
    op.drop_column("customers", "profile")
