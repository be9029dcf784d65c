"""Helpers shared by the revisions in migrations/versions.

Importable as ``migrations.helpers`` because alembic.ini puts the project
root on sys.path (prepend_sys_path = %(here)s).
"""

from typing import Optional

import sqlalchemy as sa
from alembic import op


def add_timestamps(table_name: str, schema: Optional[str] = None) -> None:
    """Add created_at / updated_at to an existing table."""
    op.add_column(
        table_name,
        sa.Column(
            "created_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("now()"),
            nullable=False,
        ),
        schema=schema,
    )
    op.add_column(
        table_name,
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=True),
        schema=schema,
    )
