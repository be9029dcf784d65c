"""unique user email

Revision ID: 7a2d9c6f4b07
Revises: 6f1c8b5e3a06
Create Date: 2024-03-20 09:55:41.237765

"""
from typing import Sequence, Union

from alembic import op


# revision identifiers, used by Alembic.
revision: str = "7a2d9c6f4b07"
down_revision: Union[str, Sequence[str], None] = "6f1c8b5e3a06"
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    # expect: unique-constraint-without-index, missing-lock-timeout
    op.create_unique_constraint("uq_users_email", "users", ["email"])


def downgrade() -> None:
    op.drop_constraint("uq_users_email", "users", type_="unique")
