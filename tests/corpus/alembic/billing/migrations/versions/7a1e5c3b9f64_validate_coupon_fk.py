"""validate coupon fk

Revision ID: 7a1e5c3b9f64
Revises: 3d9b6f1e8a20
Create Date: 2024-03-04 10:58:40.118205

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa

# revision identifiers, used by Alembic.
revision: str = "7a1e5c3b9f64"
down_revision: Union[str, Sequence[str], None] = "3d9b6f1e8a20"
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    op.execute(
        "ALTER TABLE subscriptions VALIDATE CONSTRAINT fk_subscriptions_coupon_id_coupons"
    )


def downgrade() -> None:
    pass
