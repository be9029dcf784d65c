"""widen post columns

Revision ID: b9e1d3f5a760
Revises: a4c6e8b0d215
Create Date: 2023-10-16 11:12:40.593882

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa

# revision identifiers, used by Alembic.
revision: str = "b9e1d3f5a760"
down_revision: Union[str, Sequence[str], None] = "a4c6e8b0d215"
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    op.execute("SET lock_timeout = '3s'")

    # varchar(200) -> varchar(300): binary coercible, no rewrite
    op.alter_column(
        "posts",
        "title",
        existing_type=sa.String(length=200),
        type_=sa.String(length=300),
        existing_nullable=False,
    )
    # was varchar(20)
    op.alter_column("posts", "status", type_=sa.String(length=32))


def downgrade() -> None:
    op.alter_column("posts", "status", type_=sa.String(length=20))
    op.alter_column(
        "posts",
        "title",
        existing_type=sa.String(length=300),
        type_=sa.String(length=200),
        existing_nullable=False,
    )
