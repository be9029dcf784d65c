"""payment constraints

Revision ID: e8c4b2a6d035
Revises: 7a1e5c3b9f64
Create Date: 2024-03-18 15:12:27.640092

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa

# revision identifiers, used by Alembic.
revision: str = "e8c4b2a6d035"
down_revision: Union[str, Sequence[str], None] = "7a1e5c3b9f64"
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    op.execute("SET lock_timeout = '5s'")

    # the reconciliation job filters on status
    # expect: index-not-concurrent
    op.create_index("ix_payments_status", "payments", ["status"])
    # expect: validating-constraint
    op.create_check_constraint(
        "ck_payments_amount_positive",
        "payments",
        "amount_cents > 0",
    )
    # every provider now returns a reference
    # expect: set-not-null-scan, statements-after-access-exclusive
    op.alter_column(
        "payments",
        "provider_ref",
        existing_type=sa.String(length=100),
        nullable=False,
    )


def downgrade() -> None:
    op.alter_column(
        "payments",
        "provider_ref",
        existing_type=sa.String(length=100),
        nullable=True,
    )
    op.drop_constraint("ck_payments_amount_positive", "payments", type_="check")
    op.drop_index("ix_payments_status", table_name="payments")
