"""data: reset archived flags after the botched import

Revision ID: c0ffee000006
Revises: c0ffee000005
Create Date: 2024-07-01 08:45:00.000000

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision: str = 'c0ffee000006'
down_revision: Union[str, Sequence[str], None] = 'c0ffee000005'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    conn = op.get_bind()
    # expect: full-table-dml
    conn.execute(sa.text("UPDATE products SET archived = false"))
    conn.execute(
        sa.text(
            "UPDATE products SET search_name = lower(name) "
            "WHERE search_name IS NULL AND id < 1000"
        )
    )


def downgrade() -> None:
    pass
