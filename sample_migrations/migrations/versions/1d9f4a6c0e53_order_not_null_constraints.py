"""order not null constraints

Revision ID: 1d9f4a6c0e53
Revises: 93b1d7e2f6a8
Create Date: 2024-09-10 15:52:18.406127

"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision: str = "1d9f4a6c0e53"
down_revision: str | Sequence[str] | None = "93b1d7e2f6a8"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Upgrade schema."""
    # Team convention: fail fast instead of queueing behind a long transaction.
    op.execute("SET lock_timeout = '3s'")
    # expect: set-not-null-scan
    op.alter_column(
        "orders",
        "placed_at",
        existing_type=sa.DateTime(timezone=True),
        nullable=False,
    )

    # shipping_country_code goes the long way round: index, NOT VALID
    # constraints now, VALIDATE in 5e8b3d1a7f62 (no exclusive lock during the
    # scan), SET NOT NULL in c7e2a5f9b184.
    with op.get_context().autocommit_block():
        op.create_index(
            op.f("ix_orders_shipping_country_code"),
            "orders",
            ["shipping_country_code"],
            postgresql_concurrently=True,
        )
    op.create_foreign_key(
        op.f("fk_orders_shipping_country_code_countries"),
        "orders",
        "countries",
        ["shipping_country_code"],
        ["code"],
        postgresql_not_valid=True,
    )
    op.create_check_constraint(
        "ck_orders_shipping_country_code_not_null",
        "orders",
        "shipping_country_code IS NOT NULL",
        postgresql_not_valid=True,
    )


def downgrade() -> None:
    """Downgrade schema."""
    op.drop_constraint("ck_orders_shipping_country_code_not_null", "orders", type_="check")
    op.drop_constraint(
        op.f("fk_orders_shipping_country_code_countries"),
        "orders",
        type_="foreignkey",
    )
    op.drop_index(op.f("ix_orders_shipping_country_code"), table_name="orders")
    op.alter_column(
        "orders",
        "placed_at",
        existing_type=sa.DateTime(timezone=True),
        nullable=True,
    )
