"""merge status and preferences branches

Revision ID: 16a8c0e24e10
Revises: e2c4e6a80a08, f4e6a8c02c09
Create Date: 2024-04-05 09:00:00.512345

"""
from alembic import op
import sqlalchemy as sa

# revision identifiers, used by Alembic.
revision = "16a8c0e24e10"
down_revision = ("e2c4e6a80a08", "f4e6a8c02c09")
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
