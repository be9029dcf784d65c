"""normalise user emails and add the system user

Revision ID: 3c8f5e2b0d03
Revises: 2b7e4d1a9c02
Create Date: 2024-02-05 08:15:37.902114

"""
from typing import Sequence, Union

from alembic import op

from app.models import User


# revision identifiers, used by Alembic.
revision: str = "3c8f5e2b0d03"
down_revision: Union[str, Sequence[str], None] = "2b7e4d1a9c02"
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    # expect: full-table-dml
    op.execute("UPDATE users SET email = lower(email)")
    op.bulk_insert(
        User.__table__,
        [{"email": "system@shop.example", "is_active": True}],
    )


def downgrade() -> None:
    op.execute("DELETE FROM users WHERE email = 'system@shop.example'")
