"""products.status NOT NULL

Revision ID: c0ffee00000c
Revises: c0ffee00000b
Create Date: 2024-09-02 09:00:00.000000

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision: str = 'c0ffee00000c'
down_revision: Union[str, Sequence[str], None] = 'c0ffee00000b'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    op.execute("SET lock_timeout = '5s'")
    # expect: set-not-null-scan
    op.alter_column(
        "products",
        "status",
        existing_type=sa.String(length=20),
        nullable=False,
    )


def downgrade() -> None:
    op.alter_column(
        "products",
        "status",
        existing_type=sa.String(length=20),
        nullable=True,
    )
