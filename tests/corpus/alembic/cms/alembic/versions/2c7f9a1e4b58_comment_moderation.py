"""comment moderation

Revision ID: 2c7f9a1e4b58
Revises: b9e1d3f5a760
Create Date: 2023-11-06 14:03:22.318770

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa

# revision identifiers, used by Alembic.
revision: str = "2c7f9a1e4b58"
down_revision: Union[str, Sequence[str], None] = "b9e1d3f5a760"
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    op.execute("SET lock_timeout = '3s'")

    op.add_column(
        "comments",
        sa.Column("is_approved", sa.Boolean(), server_default=sa.false(), nullable=False),
    )
    # expect: validating-constraint, foreign-key-without-index, statements-after-access-exclusive
    op.add_column(
        "comments",
        sa.Column(
            "moderated_by_id",
            sa.Integer(),
            sa.ForeignKey("users.id", name="fk_comments_moderated_by_id_users"),
            nullable=True,
        ),
    )


def downgrade() -> None:
    op.drop_column("comments", "moderated_by_id")
    op.drop_column("comments", "is_approved")
