"""warehouse timezone

Revision ID: 3c5e7a9b1d24
Revises: 1a3c5e7f9b02
Create Date: 2024-08-05 09:57:48.163506

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa

# revision identifiers, used by Alembic.
revision: str = "3c5e7a9b1d24"
down_revision: Union[str, Sequence[str], None] = "1a3c5e7f9b02"
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    with op.batch_alter_table("warehouses") as batch_op:
        batch_op.add_column(
            sa.Column("timezone", sa.String(length=64), server_default="UTC", nullable=False)
        )
        # addresses live in the carrier integration since 2024.07
        # expect: drop-column
        batch_op.drop_column("address")


def downgrade() -> None:
    with op.batch_alter_table("warehouses") as batch_op:
        batch_op.add_column(sa.Column("address", sa.Text(), nullable=True))
        batch_op.drop_column("timezone")
