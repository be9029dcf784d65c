"""invoices: public token, due_date required

Revision ID: 7a4c1e3f2b59
Revises: 6f3b0d2e1a48
Create Date: 2024-04-08 09:45:00

"""
from alembic import op
import sqlalchemy as sa

revision = "7a4c1e3f2b59"
down_revision = "6f3b0d2e1a48"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # expect: set-not-null-scan
    op.alter_column("invoices", "due_date", existing_type=sa.Date(), nullable=False)
    # expect: add-column-rewrite
    op.add_column(
        "invoices",
        sa.Column("public_token", sa.Text(), server_default=sa.text("md5(random()::text)")),
    )
    # required-column-no-default: not selected
    op.add_column("invoices", sa.Column("currency", sa.String(3), nullable=False))
    # drop-not-null: not selected
    op.alter_column("customers", "email", existing_type=sa.String(255), nullable=True)


def downgrade() -> None:
    op.alter_column("customers", "email", existing_type=sa.String(255), nullable=False)
    op.drop_column("invoices", "currency")
    op.drop_column("invoices", "public_token")
    op.alter_column("invoices", "due_date", existing_type=sa.Date(), nullable=True)
