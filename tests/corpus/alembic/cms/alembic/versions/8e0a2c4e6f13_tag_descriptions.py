"""tag descriptions

Revision ID: 8e0a2c4e6f13
Revises: 4b6d8f0a2c57
Create Date: 2024-02-26 14:42:10.705361

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa

# revision identifiers, used by Alembic.
revision: str = "8e0a2c4e6f13"
down_revision: Union[str, Sequence[str], None] = "4b6d8f0a2c57"
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    op.execute("SET lock_timeout = '3s'")

    with op.batch_alter_table("tags") as batch_op:
        batch_op.add_column(sa.Column("description", sa.Text(), nullable=True))
        batch_op.alter_column(
            "name",
            existing_type=sa.String(length=50),
            type_=sa.String(length=80),
            existing_nullable=False,
        )


def downgrade() -> None:
    with op.batch_alter_table("tags") as batch_op:
        batch_op.alter_column(
            "name",
            existing_type=sa.String(length=80),
            type_=sa.String(length=50),
            existing_nullable=False,
        )
        batch_op.drop_column("description")
