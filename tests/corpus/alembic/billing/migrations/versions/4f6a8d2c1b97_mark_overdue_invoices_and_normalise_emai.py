"""mark overdue invoices and normalise emails

Revision ID: 4f6a8d2c1b97
Revises: e8c4b2a6d035
Create Date: 2024-04-02 09:30:55.901377

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa

# revision identifiers, used by Alembic.
revision: str = "4f6a8d2c1b97"
down_revision: Union[str, Sequence[str], None] = "e8c4b2a6d035"
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


invoices = sa.table(
    "invoices",
    sa.column("status", sa.String),
    sa.column("due_at", sa.DateTime(timezone=True)),
)


def upgrade() -> None:
    # data-only revision
    op.execute(
        invoices.update()
        .where(invoices.c.status == "open")
        .where(invoices.c.due_at < sa.func.now())
        .values(status="overdue")
    )
    # expect: full-table-dml
    op.execute("UPDATE accounts SET email = lower(email)")


def downgrade() -> None:
    op.execute(
        invoices.update().where(invoices.c.status == "overdue").values(status="open")
    )
