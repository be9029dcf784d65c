"""data: backfill stock movement reason up to the current max id

Revision ID: c0ffee00000b
Revises: c0ffee00000a
Create Date: 2024-08-20 10:40:00.000000

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision: str = 'c0ffee00000b'
down_revision: Union[str, Sequence[str], None] = 'c0ffee00000a'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None

BATCH = 50_000


def upgrade() -> None:
    conn = op.get_bind()
    max_id = conn.execute(sa.text("SELECT coalesce(max(id), 0) FROM stock_movements")).scalar_one()

    with op.get_context().autocommit_block():
        for low in range(0, max_id + 1, BATCH):
            op.execute(
                sa.text(
                    "UPDATE stock_movements SET reason = 'adjustment' "
                    "WHERE id >= :lo AND id < :hi AND reason IS NULL"
                ).bindparams(lo=low, hi=low + BATCH)
            )


def downgrade() -> None:
    pass
