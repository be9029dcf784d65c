"""channel slug constraints

Revision ID: 6a8c0e2f4b7d
Revises: 4e6a8c0d2f5e
Create Date: 2025-02-10 14:48:22.906431

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa

# revision identifiers, used by Alembic.
revision: str = "6a8c0e2f4b7d"
down_revision: Union[str, Sequence[str], None] = "4e6a8c0d2f5e"
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    op.execute("SET lock_timeout = '2s'")

    # step 1 of making channels.slug NOT NULL without a full scan under lock
    op.create_check_constraint(
        "ck_channels_slug_not_null",
        "channels",
        "slug IS NOT NULL",
        postgresql_not_valid=True,
    )

    with op.get_context().autocommit_block():
        op.create_index(
            "uq_channels_workspace_id_slug",
            "channels",
            ["workspace_id", "slug"],
            unique=True,
            postgresql_concurrently=True,
            if_not_exists=True,
        )


def downgrade() -> None:
    op.drop_index("uq_channels_workspace_id_slug", table_name="channels")
    op.drop_constraint("ck_channels_slug_not_null", "channels", type_="check")
