"""initial billing schema

Revision ID: 0a1b2c3d4e50
Revises:
Create Date: 2023-11-02 10:00:00

"""
from alembic import op
import sqlalchemy as sa

revision = "0a1b2c3d4e50"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "customers",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("email", sa.String(255), nullable=False),
        sa.Column("name", sa.String(100)),
        sa.Column("legacy_flag", sa.Boolean()),
    )
    op.create_table(
        "invoices",
        sa.Column("id", sa.BigInteger(), primary_key=True),
        sa.Column("customer_id", sa.Integer(), nullable=False),
        sa.Column("number", sa.String(30), nullable=False),
        sa.Column("amount", sa.Integer(), nullable=False),
        sa.Column("due_date", sa.Date()),
        sa.Column("status", sa.String(20)),
    )
    op.create_index("ix_invoices_customer_id", "invoices", ["customer_id"])
    op.create_table(
        "audit_log",
        sa.Column("id", sa.BigInteger(), primary_key=True),
        sa.Column("message", sa.Text(), nullable=False),
    )
    op.create_table(
        "tax_rates",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("country", sa.String(2), nullable=False),
        sa.Column("rate", sa.Numeric(5, 2), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("tax_rates")
    op.drop_table("audit_log")
    op.drop_index("ix_invoices_customer_id", table_name="invoices")
    op.drop_table("invoices")
    op.drop_table("customers")
