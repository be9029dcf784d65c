"""reclaim stock movements space

Revision ID: 5e7a9c1b3d46
Revises: 3c5e7a9b1d24
Create Date: 2024-08-19 22:05:13.812490

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa

# revision identifiers, used by Alembic.
revision: str = "5e7a9c1b3d46"
down_revision: Union[str, Sequence[str], None] = "3c5e7a9b1d24"
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    # the index bloated after the big prune
    # expect: table-rewrite
    op.execute("REINDEX INDEX ix_stock_movements_created_at")

    with op.get_context().autocommit_block():
        # expect: table-rewrite
        op.execute("VACUUM FULL stock_movements")


def downgrade() -> None:
    pass
