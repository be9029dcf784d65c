"""order_items bigint id

Revision ID: 72c0e9b4d1f3
Revises: 0f5d8a3c6e29
Create Date: 2024-11-12 09:30:11.836407

"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision: str = "72c0e9b4d1f3"
down_revision: str | Sequence[str] | None = "0f5d8a3c6e29"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Upgrade schema."""
    # Team convention: fail fast instead of queueing behind a long transaction.
    op.execute("SET lock_timeout = '3s'")
    # order_items_id_seq passed 1.6 billion; int4 runs out at 2^31 - 1.
    # expect: column-type-rewrite
    op.alter_column(
        "order_items",
        "id",
        existing_type=sa.Integer(),
        type_=sa.BigInteger(),
        existing_nullable=False,
    )
    op.execute("ALTER SEQUENCE order_items_id_seq AS bigint")


def downgrade() -> None:
    """Downgrade schema."""
    op.execute("ALTER SEQUENCE order_items_id_seq AS integer")
    op.alter_column(
        "order_items",
        "id",
        existing_type=sa.BigInteger(),
        type_=sa.Integer(),
        existing_nullable=False,
    )
