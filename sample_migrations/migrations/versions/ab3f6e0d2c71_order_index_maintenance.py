"""order index maintenance

Revision ID: ab3f6e0d2c71
Revises: 72c0e9b4d1f3
Create Date: 2024-12-03 13:44:06.215790

"""

from collections.abc import Sequence

from alembic import op

# revision identifiers, used by Alembic.
revision: str = "ab3f6e0d2c71"
down_revision: str | Sequence[str] | None = "72c0e9b4d1f3"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Upgrade schema."""
    # Team convention: fail fast instead of queueing behind a long transaction.
    op.execute("SET lock_timeout = '3s'")
    with op.get_context().autocommit_block():
        # Admin order list: WHERE status = ? ORDER BY created_at DESC.
        op.create_index(
            "ix_orders_status_created_at",
            "orders",
            ["status", "created_at"],
            postgresql_concurrently=True,
        )
        # pgstattuple: ix_orders_user_id is 70% empty pages.
        op.execute("REINDEX INDEX CONCURRENTLY ix_orders_user_id")

    # The revenue report moved to the warehouse; nothing filters on created_at
    # alone any more.
    # expect: drop-index-not-concurrent
    op.drop_index("ix_orders_created_at", table_name="orders")

    # Same bloat on the payments indexes ("it's a small table, just do it").
    # expect: table-rewrite, statements-after-access-exclusive
    op.execute("REINDEX TABLE payments")


def downgrade() -> None:
    """Downgrade schema."""
    with op.get_context().autocommit_block():
        op.create_index(
            "ix_orders_created_at",
            "orders",
            ["created_at"],
            postgresql_concurrently=True,
        )
        op.drop_index(
            "ix_orders_status_created_at",
            table_name="orders",
            postgresql_concurrently=True,
        )
