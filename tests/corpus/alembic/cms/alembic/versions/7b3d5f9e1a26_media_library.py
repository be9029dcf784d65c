"""media library

Revision ID: 7b3d5f9e1a26
Revises: b9e1d3f5a760
Create Date: 2023-11-07 16:50:39.208417

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa

# revision identifiers, used by Alembic.
revision: str = "7b3d5f9e1a26"
down_revision: Union[str, Sequence[str], None] = "b9e1d3f5a760"
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    op.execute("SET lock_timeout = '3s'")

    op.create_table(
        "media",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("uploader_id", sa.Integer(), nullable=False),
        sa.Column("url", sa.Text(), nullable=False),
        sa.Column("mime_type", sa.String(length=100), nullable=False),
        sa.Column("size_bytes", sa.BigInteger(), nullable=False),
        sa.Column("alt_text", sa.String(length=300), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.ForeignKeyConstraint(["uploader_id"], ["users.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index(op.f("ix_media_uploader_id"), "media", ["uploader_id"], unique=False)

    op.add_column("posts", sa.Column("cover_media_id", sa.Integer(), nullable=True))

    with op.get_context().autocommit_block():
        op.create_index(
            "ix_posts_cover_media_id",
            "posts",
            ["cover_media_id"],
            postgresql_concurrently=True,
            if_not_exists=True,
        )

    op.create_foreign_key(
        "fk_posts_cover_media_id_media",
        "posts",
        "media",
        ["cover_media_id"],
        ["id"],
        ondelete="SET NULL",
        postgresql_not_valid=True,
    )


def downgrade() -> None:
    op.drop_constraint("fk_posts_cover_media_id_media", "posts", type_="foreignkey")
    op.drop_index("ix_posts_cover_media_id", table_name="posts")
    op.drop_column("posts", "cover_media_id")
    op.drop_index(op.f("ix_media_uploader_id"), table_name="media")
    op.drop_table("media")
