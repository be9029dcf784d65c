"""device command history index

Revision ID: 0014
Revises: 0013
Create Date: 2024-06-17 09:12:50.339814

"""
from typing import Sequence, Union

from alembic import op

revision: str = '0014'
down_revision: Union[str, None] = '0013'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    # CONCURRENTLY cannot run inside the migration's transaction, so end it first
    # expect: nested-transaction
    op.execute('COMMIT')
    # psycopg 3 begins a new transaction at the next statement; psycopg2 does not: checked on
    # PostgreSQL 18, the index is built with psycopg2 and refused with psycopg 3. This
    # project's alembic.ini names no driver; the requirements above it (the repository's
    # pyproject.toml) name psycopg 3, as SQLAlchemy 2.1's default is. Only autocommit_block()
    # is reliably outside a transaction.
    # expect: non-transactional-statement
    op.execute(
        'CREATE INDEX CONCURRENTLY IF NOT EXISTS ix_device_commands_device_id_created_at '
        'ON device_commands (device_id, created_at)'
    )


def downgrade() -> None:
    op.execute('DROP INDEX IF EXISTS ix_device_commands_device_id_created_at')
