"""customers.name -> full_name, invoices -> customer_invoices, drop orders.legacy_code

Revision ID: 0011_renames
Revises: 0010_invoice_amount_check
Create Date: 2024-02-12 13:00:00.000000

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision: str = '0011_renames'
down_revision: Union[str, Sequence[str], None] = '0010_invoice_amount_check'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    op.execute("SET lock_timeout = '5s'")
    # expect: rename-column
    op.alter_column("customers", "name", new_column_name="full_name")
    # expect: rename-table
    op.rename_table("invoices", "customer_invoices")
    # legacy_code has been nullable and unused by the code since 0008
    # expect: drop-column
    op.drop_column("orders", "legacy_code")


def downgrade() -> None:
    op.add_column("orders", sa.Column("legacy_code", sa.String(length=20), nullable=True))
    op.rename_table("customer_invoices", "invoices")
    op.alter_column("customers", "full_name", new_column_name="name")
