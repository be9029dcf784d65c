"""orders: total checks

Revision ID: 7f6a8b9c0d07
Revises: 6e5f7a8b9c06
Create Date: 2024-04-15 13:25:00

"""
from alembic import op

revision = "7f6a8b9c0d07"
down_revision = "6e5f7a8b9c06"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.execute("SET lock_timeout = '5s'")
    # expect: validating-constraint
    op.create_check_constraint("ck_orders_total_nonneg", "orders", "total >= 0")
    # NOT VALID: no scan
    op.create_check_constraint(
        "ck_orders_total_cap",
        "orders",
        "total < 1000000",
        postgresql_not_valid=True,
    )


def downgrade() -> None:
    op.drop_constraint("ck_orders_total_nonneg", "orders", type_="check")
    op.drop_constraint("ck_orders_total_cap", "orders", type_="check")
