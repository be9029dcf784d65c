"""fill display names from email addresses

Revision ID: 4d9a6f3c1e04
Revises: 3c8f5e2b0d03
Create Date: 2024-02-06 11:27:50.441873

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa
from sqlalchemy import orm


# revision identifiers, used by Alembic.
revision: str = "4d9a6f3c1e04"
down_revision: Union[str, Sequence[str], None] = "3c8f5e2b0d03"
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None

Base = orm.declarative_base()


class User(Base):
    """Snapshot of the users table as of this revision (not the app model)."""

    __tablename__ = "users"

    id = sa.Column(sa.Integer, primary_key=True)
    email = sa.Column(sa.String(255), nullable=False)
    display_name = sa.Column(sa.String(80))


def upgrade() -> None:
    session = orm.Session(bind=op.get_bind())
    query = session.query(User).filter(User.display_name.is_(None))
    for user in query.yield_per(500):
        user.display_name = user.email.split("@", 1)[0][:80]
    session.flush()


def downgrade() -> None:
    pass
