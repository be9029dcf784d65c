"""validate order total check, add order metadata

Revision ID: 9c4f1e8b6d09
Revises: 8b3e0d7a5c08
Create Date: 2024-04-10 10:02:57.716345

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa

from app.models import Order  # noqa: F401  (left over from an earlier draft)


# revision identifiers, used by Alembic.
revision: str = "9c4f1e8b6d09"
down_revision: Union[str, Sequence[str], None] = "8b3e0d7a5c08"
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    op.execute("ALTER TABLE orders VALIDATE CONSTRAINT ck_orders_total_nonneg")
    # expect: json-column, missing-lock-timeout
    op.add_column("orders", sa.Column("meta", sa.JSON(), nullable=True))


def downgrade() -> None:
    op.drop_column("orders", "meta")
