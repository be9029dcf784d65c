"""orders.user_id: NOT NULL in three steps (3/3: set not null); payments.order_id too

Revision ID: e4f5a6b7c8d9
Revises: d3e4f5a6b7c8
Create Date: 2024-02-14 11:00:00

"""
from alembic import op
import sqlalchemy as sa

revision = "e4f5a6b7c8d9"
down_revision = "d3e4f5a6b7c8"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # no validated check on payments.order_id: full scan
    # expect: set-not-null-scan
    op.alter_column("payments", "order_id", existing_type=sa.BigInteger(), nullable=False)
    # PostgreSQL 12+: the validated CHECK proves it, no scan
    op.alter_column("orders", "user_id", existing_type=sa.Integer(), nullable=False)
    op.drop_constraint("ck_orders_user_id_nn", "orders", type_="check")


def downgrade() -> None:
    op.create_check_constraint(
        "ck_orders_user_id_nn",
        "orders",
        "user_id IS NOT NULL",
        postgresql_not_valid=True,
    )
    op.alter_column("orders", "user_id", existing_type=sa.Integer(), nullable=True)
    op.alter_column("payments", "order_id", existing_type=sa.BigInteger(), nullable=True)
