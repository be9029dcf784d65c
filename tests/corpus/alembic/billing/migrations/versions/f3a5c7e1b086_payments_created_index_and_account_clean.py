"""payments created index and account cleanup

Revision ID: f3a5c7e1b086
Revises: d7f1b3e5a942
Create Date: 2024-06-11 08:44:29.059813

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa

# revision identifiers, used by Alembic.
revision: str = "f3a5c7e1b086"
down_revision: Union[str, Sequence[str], None] = "d7f1b3e5a942"
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    op.execute("SET lock_timeout = '5s'")

    # expect: non-transactional-statement
    op.create_index(
        "ix_payments_created_at",
        "payments",
        ["created_at"],
        postgresql_concurrently=True,
    )
    # migcheck: ignore[drop-column] removed from the Account model in release 2024.06
    op.drop_column("accounts", "legacy_notes")


def downgrade() -> None:
    op.add_column("accounts", sa.Column("legacy_notes", sa.Text(), nullable=True))
    op.drop_index("ix_payments_created_at", table_name="payments")
