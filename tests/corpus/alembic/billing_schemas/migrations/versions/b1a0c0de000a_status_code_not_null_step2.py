"""status code not null, step 2: validate

Revision ID: b1a0c0de000a
Revises: b1a0c0de0009
Create Date: 2024-03-05 10:00:00.000000

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision: str = 'b1a0c0de000a'
down_revision: Union[str, Sequence[str], None] = 'b1a0c0de0009'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    op.execute("ALTER TABLE billing.invoices VALIDATE CONSTRAINT ck_invoices_status_code_nn")


def downgrade() -> None:
    pass
