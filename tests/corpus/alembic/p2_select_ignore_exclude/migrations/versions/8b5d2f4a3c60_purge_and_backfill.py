"""purge the import staging table, backfill invoice currency

Revision ID: 8b5d2f4a3c60
Revises: 7a4c1e3f2b59
Create Date: 2024-05-02 17:30:00

"""
from alembic import op

revision = "8b5d2f4a3c60"
down_revision = "7a4c1e3f2b59"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # full-table-dml: not selected
    op.execute("UPDATE invoices SET currency = 'EUR'")
    # expect: truncate
    op.execute("TRUNCATE tax_rates_v2")


def downgrade() -> None:
    pass
