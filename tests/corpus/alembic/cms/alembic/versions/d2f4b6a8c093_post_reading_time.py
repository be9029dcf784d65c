"""post reading time

Revision ID: d2f4b6a8c093
Revises: 9c1e3a5f7b82
Create Date: 2024-01-22 11:55:26.086514

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa

# revision identifiers, used by Alembic.
revision: str = "d2f4b6a8c093"
down_revision: Union[str, Sequence[str], None] = "9c1e3a5f7b82"
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


posts = sa.table(
    "posts",
    sa.column("body", sa.Text),
    sa.column("reading_time_minutes", sa.Integer),
)


def upgrade() -> None:
    op.execute("SET lock_timeout = '3s'")

    op.add_column("posts", sa.Column("reading_time_minutes", sa.Integer(), nullable=True))

    # expect: mixed-schema-and-data, statements-after-access-exclusive
    op.execute(
        posts.update()
        .where(posts.c.reading_time_minutes.is_(None))
        .values(
            reading_time_minutes=sa.func.greatest(1, sa.func.length(posts.c.body) / 1200)
        )
    )


def downgrade() -> None:
    op.drop_column("posts", "reading_time_minutes")
