"""shipping_zones: rate must not be negative

Revision ID: 6e5f7a8b9c06
Revises: 5d4e6f7a8b05
Create Date: 2024-04-02 10:05:00

"""
from alembic import op

revision = "6e5f7a8b9c06"
down_revision = "5d4e6f7a8b05"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.execute("SET lock_timeout = '5s'")
    # expect-info: validating-constraint
    op.create_check_constraint("ck_shipping_zones_rate", "shipping_zones", "rate >= 0")


def downgrade() -> None:
    op.drop_constraint("ck_shipping_zones_rate", "shipping_zones", type_="check")
