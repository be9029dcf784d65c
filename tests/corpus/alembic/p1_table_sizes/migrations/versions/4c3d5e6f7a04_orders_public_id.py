"""orders: public_id

Revision ID: 4c3d5e6f7a04
Revises: 3b2c4d5e6f03
Create Date: 2024-03-05 11:00:00

"""
from alembic import op
import sqlalchemy as sa

revision = "4c3d5e6f7a04"
down_revision = "3b2c4d5e6f03"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # no lock_timeout in this revision, and a volatile default on a 50M-row table
    # expect: add-column-rewrite, missing-lock-timeout
    op.add_column(
        "orders",
        sa.Column("public_id", sa.Uuid(), server_default=sa.text("gen_random_uuid()")),
    )


def downgrade() -> None:
    op.drop_column("orders", "public_id")
