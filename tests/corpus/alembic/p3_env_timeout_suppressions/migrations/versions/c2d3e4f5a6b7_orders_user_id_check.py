"""orders.user_id: NOT NULL in three steps (1/3: NOT VALID check)

Revision ID: c2d3e4f5a6b7
Revises: b1c2d3e4f5a6
Create Date: 2024-02-12 11:00:00

"""
from alembic import op

revision = "c2d3e4f5a6b7"
down_revision = "b1c2d3e4f5a6"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_check_constraint(
        "ck_orders_user_id_nn",
        "orders",
        "user_id IS NOT NULL",
        postgresql_not_valid=True,
    )


def downgrade() -> None:
    op.drop_constraint("ck_orders_user_id_nn", "orders", type_="check")
