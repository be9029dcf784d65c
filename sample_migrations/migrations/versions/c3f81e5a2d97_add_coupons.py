"""add coupons

Revision ID: c3f81e5a2d97
Revises: b6a2c94e1f08
Create Date: 2024-04-08 10:02:44.380155

"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision: str = "c3f81e5a2d97"
down_revision: str | Sequence[str] | None = "b6a2c94e1f08"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Upgrade schema."""
    # Team convention: fail fast instead of queueing behind a long transaction.
    op.execute("SET lock_timeout = '3s'")
    op.create_table(
        "coupons",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=32), nullable=False),
        sa.Column("percent_off", sa.SmallInteger(), nullable=False),
        sa.Column("valid_until", sa.DateTime(timezone=True), nullable=True),
        sa.Column("max_redemptions", sa.Integer(), nullable=True),
        sa.Column(
            "created_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("now()"),
            nullable=False,
        ),
        sa.CheckConstraint(
            "percent_off BETWEEN 1 AND 100",
            name=op.f("ck_coupons_percent_off_range"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_coupons")),
    )

    op.add_column("orders", sa.Column("coupon_id", sa.Integer(), nullable=True))
    # expect: validating-constraint, foreign-key-without-index, statements-after-access-exclusive
    op.create_foreign_key(
        op.f("fk_orders_coupon_id_coupons"),
        "orders",
        "coupons",
        ["coupon_id"],
        ["id"],
    )


def downgrade() -> None:
    """Downgrade schema."""
    op.drop_constraint(op.f("fk_orders_coupon_id_coupons"), "orders", type_="foreignkey")
    op.drop_column("orders", "coupon_id")
    op.drop_table("coupons")
