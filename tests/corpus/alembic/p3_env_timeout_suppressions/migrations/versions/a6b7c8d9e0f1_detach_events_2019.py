"""detach the 2019 events partition

Revision ID: a6b7c8d9e0f1
Revises: f5a6b7c8d9e0
Create Date: 2024-03-05 10:00:00

"""
from alembic import op

revision = "a6b7c8d9e0f1"
down_revision = "f5a6b7c8d9e0"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # before PostgreSQL 14 there is no CONCURRENTLY: not reported at pg-version 12
    op.execute("ALTER TABLE events DETACH PARTITION events_2019")


def downgrade() -> None:
    op.execute(
        "ALTER TABLE events ATTACH PARTITION events_2019"
        " FOR VALUES FROM ('2019-01-01') TO ('2020-01-01')"
    )
