"""refunds (written with search_path set to billing)

Revision ID: b1a0c0de0003
Revises: b1a0c0de0002
Create Date: 2023-12-01 15:12:00.000000

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision: str = 'b1a0c0de0003'
down_revision: Union[str, Sequence[str], None] = 'b1a0c0de0002'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    op.execute("SET lock_timeout = '5s'")
    op.execute("SET search_path TO billing, public")

    # unqualified: created in billing, the first schema of the search_path
    op.create_table(
        "refunds",
        sa.Column("id", sa.BigInteger(), primary_key=True),
        sa.Column("payment_id", sa.BigInteger(), sa.ForeignKey("billing.payments.id"), nullable=False),
        sa.Column("amount_cents", sa.Integer(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False),
    )
    op.create_index("ix_refunds_payment_id", "refunds", ["payment_id"], schema="billing")
    op.create_table_comment("refunds", "Refunds issued against billing.payments", schema="billing")

    # unqualified: resolves to billing.invoices
    # expect: index-not-concurrent
    op.create_index("ix_invoices_number", "invoices", ["number"])

    op.execute("SET search_path TO public")


def downgrade() -> None:
    op.drop_index("ix_invoices_number", table_name="invoices", schema="billing")
    op.drop_table("refunds", schema="billing")
