"""validate the constraints added in 0008

Revision ID: 0009_validate
Revises: 0008_not_valid_constraints
Create Date: 2023-12-05 10:15:00.000000

"""
from typing import Sequence, Union

from alembic import op


# revision identifiers, used by Alembic.
revision: str = '0009_validate'
down_revision: Union[str, Sequence[str], None] = '0008_not_valid_constraints'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    op.execute("ALTER TABLE orders VALIDATE CONSTRAINT fk_orders_customer_id")
    op.execute("ALTER TABLE orders VALIDATE CONSTRAINT ck_orders_total_nonneg")


def downgrade() -> None:
    pass
