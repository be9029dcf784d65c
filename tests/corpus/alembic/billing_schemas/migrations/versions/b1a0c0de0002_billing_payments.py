"""billing.payments next to the legacy public.payments

Revision ID: b1a0c0de0002
Revises: b1a0c0de0001
Create Date: 2023-11-14 10:30:00.000000

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision: str = 'b1a0c0de0002'
down_revision: Union[str, Sequence[str], None] = 'b1a0c0de0001'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    op.execute("SET lock_timeout = '5s'")

    op.create_table(
        "payments",
        sa.Column("id", sa.BigInteger(), primary_key=True),
        sa.Column("invoice_id", sa.BigInteger(), sa.ForeignKey("billing.invoices.id"), nullable=False),
        sa.Column("amount_cents", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False),
        schema="billing",
    )
    op.create_index("ix_payments_invoice_id", "payments", ["invoice_id"], schema="billing")
    op.add_column(
        "payments",
        sa.Column("currency", sa.String(length=3), nullable=False),
        schema="billing",
    )

    # the legacy public.payments gets the same column for the reconciliation job
    # expect: index-not-concurrent
    op.create_index("ix_payments_created_at", "payments", ["created_at"])
    # expect: required-column-no-default
    op.add_column("payments", sa.Column("currency", sa.String(length=3), nullable=False))


def downgrade() -> None:
    op.drop_column("payments", "currency")
    op.drop_index("ix_payments_created_at", table_name="payments")
    op.drop_index("ix_payments_invoice_id", table_name="payments", schema="billing")
    op.drop_table("payments", schema="billing")
