"""invoice status lookup table

Revision ID: b1a0c0de0005
Revises: b1a0c0de0004
Create Date: 2024-01-09 08:20:00.000000

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision: str = 'b1a0c0de0005'
down_revision: Union[str, Sequence[str], None] = 'b1a0c0de0004'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None

billing_meta = sa.MetaData(schema="billing")

invoice_statuses = sa.Table(
    "invoice_statuses",
    billing_meta,
    sa.Column("code", sa.String(length=16), primary_key=True),
    sa.Column("label", sa.String(length=64), nullable=False),
)


def upgrade() -> None:
    op.create_table(
        "invoice_statuses",
        sa.Column("code", sa.String(length=16), primary_key=True),
        sa.Column("label", sa.String(length=64), nullable=False),
        schema="billing",
    )
    op.bulk_insert(
        invoice_statuses,
        [
            {"code": "draft", "label": "Draft"},
            {"code": "open", "label": "Open"},
            {"code": "paid", "label": "Paid"},
            {"code": "void", "label": "Void"},
        ],
    )


def downgrade() -> None:
    op.drop_table("invoice_statuses", schema="billing")
