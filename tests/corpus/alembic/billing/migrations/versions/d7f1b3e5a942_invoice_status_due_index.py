"""invoice status due index

Revision ID: d7f1b3e5a942
Revises: 6c2e9a4f7d31
Create Date: 2024-05-21 10:18:03.711250

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa

# revision identifiers, used by Alembic.
revision: str = "d7f1b3e5a942"
down_revision: Union[str, Sequence[str], None] = "6c2e9a4f7d31"
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    op.execute("SET lock_timeout = '5s'")

    with op.get_context().autocommit_block():
        op.create_index(
            "ix_invoices_status_due_at",
            "invoices",
            ["status", "due_at"],
            postgresql_concurrently=True,
            if_not_exists=True,
        )

    # superseded by ix_invoices_status_due_at
    # expect: drop-index-not-concurrent
    op.drop_index("ix_invoices_status", table_name="invoices")


def downgrade() -> None:
    op.create_index("ix_invoices_status", "invoices", ["status"])
    op.drop_index("ix_invoices_status_due_at", table_name="invoices")
