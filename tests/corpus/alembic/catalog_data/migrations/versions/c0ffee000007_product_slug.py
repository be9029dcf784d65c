"""product slug, backfilled in batches

Revision ID: c0ffee000007
Revises: c0ffee000006
Create Date: 2024-07-09 11:20:00.000000

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision: str = 'c0ffee000007'
down_revision: Union[str, Sequence[str], None] = 'c0ffee000006'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None

BATCH = 20_000


def upgrade() -> None:
    op.execute("SET lock_timeout = '5s'")
    op.add_column("products", sa.Column("slug", sa.String(length=200), nullable=True))

    with op.get_context().autocommit_block():
        for low in range(0, 200_000, BATCH):
            op.execute(
                sa.text(
                    "UPDATE products SET slug = lower(replace(name, ' ', '-')) "
                    "WHERE id >= :lo AND id < :hi AND slug IS NULL"
                ).bindparams(lo=low, hi=low + BATCH)
            )


def downgrade() -> None:
    op.drop_column("products", "slug")
