"""coupons

Revision ID: 3d9b6f1e8a20
Revises: c2f8a0d6e417
Create Date: 2024-03-04 10:51:09.334781

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa

# revision identifiers, used by Alembic.
revision: str = "3d9b6f1e8a20"
down_revision: Union[str, Sequence[str], None] = "c2f8a0d6e417"
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    op.execute("SET lock_timeout = '5s'")

    op.create_table(
        "coupons",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=40), nullable=False),
        sa.Column("percent_off", sa.Integer(), nullable=False),
        sa.Column("valid_until", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.CheckConstraint("percent_off BETWEEN 1 AND 100", name=op.f("ck_coupons_percent_off_range")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_coupons")),
        sa.UniqueConstraint("code", name=op.f("uq_coupons_code")),
    )
    op.add_column("subscriptions", sa.Column("coupon_id", sa.Integer(), nullable=True))

    with op.get_context().autocommit_block():
        op.create_index(
            "ix_subscriptions_coupon_id",
            "subscriptions",
            ["coupon_id"],
            postgresql_concurrently=True,
            if_not_exists=True,
        )

    # validated in the next revision
    op.create_foreign_key(
        "fk_subscriptions_coupon_id_coupons",
        "subscriptions",
        "coupons",
        ["coupon_id"],
        ["id"],
        postgresql_not_valid=True,
    )


def downgrade() -> None:
    op.drop_constraint("fk_subscriptions_coupon_id_coupons", "subscriptions", type_="foreignkey")
    op.drop_index("ix_subscriptions_coupon_id", table_name="subscriptions")
    op.drop_column("subscriptions", "coupon_id")
    op.drop_table("coupons")
