"""invoice reporting: indexes, amount to bigint

Revision ID: 1b2c3d4e5f61
Revises: 0a1b2c3d4e50
Create Date: 2023-12-11 15:20:00

"""
from alembic import op
import sqlalchemy as sa

revision = "1b2c3d4e5f61"
down_revision = "0a1b2c3d4e50"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # expect: index-not-concurrent
    op.create_index("ix_invoices_due_date", "invoices", ["due_date"])
    # column-type-rewrite, statements-after-access-exclusive, missing-lock-timeout: not selected
    op.alter_column("invoices", "amount", type_=sa.BigInteger(), existing_type=sa.Integer())
    # index-not-concurrent again, after the rewrite (statements-after-... is not selected)
    # expect: index-not-concurrent
    op.create_index("ix_invoices_status", "invoices", ["status"])
    # unique-constraint-without-index: not selected
    op.create_unique_constraint("uq_invoices_number", "invoices", ["number"])


def downgrade() -> None:
    op.drop_constraint("uq_invoices_number", "invoices", type_="unique")
    op.drop_index("ix_invoices_status", table_name="invoices")
    op.alter_column("invoices", "amount", type_=sa.Integer(), existing_type=sa.BigInteger())
    op.drop_index("ix_invoices_due_date", table_name="invoices")
