"""add invoices

Revision ID: 7e0a4d2b9c61
Revises: b6a2c94e1f08
Create Date: 2024-04-09 15:33:21.904476

"""

from collections.abc import Sequence

import shop.types
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision: str = "7e0a4d2b9c61"
down_revision: str | Sequence[str] | None = "b6a2c94e1f08"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Upgrade schema."""
    # Team convention: fail fast instead of queueing behind a long transaction.
    op.execute("SET lock_timeout = '3s'")
    op.create_table(
        "invoices",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("order_id", sa.Integer(), nullable=False),
        sa.Column("number", sa.String(length=32), nullable=False),
        sa.Column("total_cents", sa.Integer(), nullable=False),
        sa.Column("issued_at", shop.types.UTCDateTime(), nullable=False),
        sa.Column("pdf_url", sa.String(length=255), nullable=True),
        sa.ForeignKeyConstraint(
            ["order_id"], ["orders.id"], name=op.f("fk_invoices_order_id_orders")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_invoices")),
    )
    op.create_index(op.f("ix_invoices_order_id"), "invoices", ["order_id"])


def downgrade() -> None:
    """Downgrade schema."""
    op.drop_index(op.f("ix_invoices_order_id"), table_name="invoices")
    op.drop_table("invoices")
