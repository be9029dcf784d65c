"""create payments

Revision ID: 6f1c8b5e3a06
Revises: 5e0b7a4d2f05
Create Date: 2024-03-12 10:44:29.618802

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision: str = "6f1c8b5e3a06"
down_revision: Union[str, Sequence[str], None] = "5e0b7a4d2f05"
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    # imported here so that `alembic history` works without the app settings
    from app.enums import PaymentMethod

    op.execute("SET lock_timeout = '5s'")
    # expect: index-not-concurrent
    op.create_index("ix_orders_status", "orders", ["status"])
    op.create_table(
        "payments",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("order_id", sa.Integer(), sa.ForeignKey("orders.id"), nullable=False),
        sa.Column("method", sa.Enum(PaymentMethod, name="payment_method"), nullable=False),
        sa.Column("amount_cents", sa.Integer(), nullable=False),
        sa.Column(
            "created_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("now()"),
            nullable=False,
        ),
    )
    op.create_index("ix_payments_order_id", "payments", ["order_id"])


def downgrade() -> None:
    op.drop_index("ix_payments_order_id", table_name="payments")
    op.drop_table("payments")
    op.execute("DROP TYPE payment_method")
    op.drop_index("ix_orders_status", table_name="orders")
