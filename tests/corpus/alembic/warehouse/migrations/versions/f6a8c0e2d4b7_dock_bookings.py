"""dock bookings

Revision ID: f6a8c0e2d4b7
Revises: e4d6f8a0c2b5
Create Date: 2024-07-08 10:44:37.725019

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa
from sqlalchemy.dialects import postgresql

# revision identifiers, used by Alembic.
revision: str = "f6a8c0e2d4b7"
down_revision: Union[str, Sequence[str], None] = "e4d6f8a0c2b5"
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    op.execute("CREATE EXTENSION IF NOT EXISTS btree_gist")

    op.create_table(
        "dock_bookings",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("warehouse_id", sa.Integer(), nullable=False),
        sa.Column("dock_no", sa.SmallInteger(), nullable=False),
        sa.Column("carrier", sa.String(length=100), nullable=True),
        sa.Column("slot", postgresql.TSTZRANGE(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.ForeignKeyConstraint(["warehouse_id"], ["warehouses.id"], name="fk_dock_bookings_warehouse_id_warehouses"),
        sa.PrimaryKeyConstraint("id", name="pk_dock_bookings"),
    )
    op.create_index("ix_dock_bookings_warehouse_id", "dock_bookings", ["warehouse_id"])
    # no two trucks at the same dock at the same time
    op.create_exclude_constraint(
        "excl_dock_bookings_no_overlap",
        "dock_bookings",
        ("warehouse_id", "="),
        ("dock_no", "="),
        ("slot", "&&"),
        using="gist",
    )


def downgrade() -> None:
    op.drop_table("dock_bookings")
