"""invoice numbers up to 40 characters

Revision ID: b1a0c0de0007
Revises: b1a0c0de0006
Create Date: 2024-02-02 09:40:00.000000

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision: str = 'b1a0c0de0007'
down_revision: Union[str, Sequence[str], None] = 'b1a0c0de0006'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    op.execute("SET lock_timeout = '5s'")
    # billing.invoices.number is text: text -> varchar(40)
    # expect: column-type-rewrite
    op.alter_column("invoices", "number", type_=sa.String(length=40), schema="billing")
    # public.invoices.number is varchar(20): widening only
    op.alter_column(
        "invoices",
        "number",
        type_=sa.String(length=40),
        existing_type=sa.String(length=20),
        existing_nullable=False,
    )


def downgrade() -> None:
    op.alter_column("invoices", "number", type_=sa.String(length=20), existing_type=sa.String(length=40))
    op.alter_column("invoices", "number", type_=sa.Text(), schema="billing")
