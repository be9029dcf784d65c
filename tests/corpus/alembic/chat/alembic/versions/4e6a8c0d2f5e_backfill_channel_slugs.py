"""backfill channel slugs

Revision ID: 4e6a8c0d2f5e
Revises: 2c4e6a8b0d3c
Create Date: 2025-01-27 10:35:50.128664

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa
import re

# revision identifiers, used by Alembic.
revision: str = "4e6a8c0d2f5e"
down_revision: Union[str, Sequence[str], None] = "2c4e6a8b0d3c"
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def _slugify(name: str) -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")
    return slug[:80] or "channel"


def upgrade() -> None:
    conn = op.get_bind()
    rows = conn.execute(
        sa.text("SELECT id, workspace_id, name FROM channels WHERE slug IS NULL ORDER BY id")
    ).fetchall()

    seen: dict[tuple[int, str], int] = {}
    for row in rows:
        base = _slugify(row.name)
        n = seen.get((row.workspace_id, base), 0)
        seen[(row.workspace_id, base)] = n + 1
        slug = base if n == 0 else f"{base}-{n + 1}"
        conn.execute(
            sa.text("UPDATE channels SET slug = :slug WHERE id = :id"),
            {"slug": slug, "id": row.id},
        )


def downgrade() -> None:
    pass
