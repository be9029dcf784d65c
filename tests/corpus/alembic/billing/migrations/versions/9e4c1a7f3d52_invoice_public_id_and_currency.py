"""invoice public id and currency

Revision ID: 9e4c1a7f3d52
Revises: 5b7d2e4a9c13
Create Date: 2024-02-06 11:03:17.220415

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa
from sqlalchemy.dialects import postgresql

# revision identifiers, used by Alembic.
revision: str = "9e4c1a7f3d52"
down_revision: Union[str, Sequence[str], None] = "5b7d2e4a9c13"
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    # public_id is exposed in hosted invoice URLs instead of the serial id
    # expect: missing-lock-timeout, add-column-rewrite
    op.add_column(
        "invoices",
        sa.Column(
            "public_id",
            postgresql.UUID(as_uuid=True),
            server_default=sa.text("gen_random_uuid()"),
            nullable=False,
        ),
    )
    op.add_column(
        "invoices",
        sa.Column("currency", sa.String(length=3), server_default="USD", nullable=False),
    )


def downgrade() -> None:
    op.drop_column("invoices", "currency")
    op.drop_column("invoices", "public_id")
