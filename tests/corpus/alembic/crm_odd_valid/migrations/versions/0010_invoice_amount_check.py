"""positive invoice amounts

Revision ID: 0010_invoice_amount_check
Revises: 0009_validate
Create Date: 2024-01-08 09:00:00.000000

"""
from typing import Sequence, Union

from alembic import op


# revision identifiers, used by Alembic.
revision: str = '0010_invoice_amount_check'
down_revision: Union[str, Sequence[str], None] = '0009_validate'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    op.execute("SET lock_timeout = '5s'")
    op.create_check_constraint(
        "ck_invoices_amount_pos",
        "invoices",
        "amount_cents > 0",
        postgresql_not_valid=True,
    )
    # expect: validating-constraint, statements-after-access-exclusive
    op.execute("ALTER TABLE invoices VALIDATE CONSTRAINT ck_invoices_amount_pos")


def downgrade() -> None:
    op.drop_constraint("ck_invoices_amount_pos", "invoices", type_="check")
