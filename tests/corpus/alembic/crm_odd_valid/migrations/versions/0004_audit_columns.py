"""audit columns on orders and invoices

Revision ID: 0004_audit_columns
Revises: 0003_add_index
Create Date: 2023-10-16 11:00:00.000000

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision: str = '0004_audit_columns'
down_revision: Union[str, Sequence[str], None] = '0003_add_index'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def _add_audit_columns(table_name: str) -> None:
    op.add_column(table_name, sa.Column("created_by", sa.String(length=64), nullable=True))
    # expect: json-column
    op.add_column(table_name, sa.Column("audit_context", sa.JSON(), nullable=True))


def _drop_audit_columns(table_name: str) -> None:
    op.drop_column(table_name, "audit_context")
    op.drop_column(table_name, "created_by")


def upgrade() -> None:
    op.execute("SET lock_timeout = '5s'")
    for table_name in ("orders", "invoices"):
        _add_audit_columns(table_name)


def downgrade() -> None:
    for table_name in ("invoices", "orders"):
        _drop_audit_columns(table_name)
