"""reclaim space after the lookup cleanup

Revision ID: 9b8c0d1e2f09
Revises: 8a7b9c0d1e08
Create Date: 2024-05-20 22:00:00

"""
from alembic import op

revision = "9b8c0d1e2f09"
down_revision = "8a7b9c0d1e08"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.get_context().autocommit_block():
        op.execute("SET lock_timeout = '5s'")
        # expect-info: table-rewrite
        op.execute("VACUUM FULL countries")
        # expect: table-rewrite
        op.execute("VACUUM FULL orders")


def downgrade() -> None:
    pass
