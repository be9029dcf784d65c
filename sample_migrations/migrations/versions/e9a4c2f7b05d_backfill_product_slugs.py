"""backfill product slugs

Data-only revision.  The slug rules live in Python (same as the admin UI), so
this one needs a live connection and cannot be rendered with --sql.

Revision ID: e9a4c2f7b05d
Revises: c7e2a5f9b184
Create Date: 2024-10-14 16:13:27.091846

"""

import re
import unicodedata
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision: str = "e9a4c2f7b05d"
down_revision: str | Sequence[str] | None = "c7e2a5f9b184"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _slugify(value: str) -> str:
    # Frozen copy of shop.admin.slugify as of this revision.
    value = unicodedata.normalize("NFKD", value)
    value = value.encode("ascii", "ignore").decode("ascii").lower()
    return re.sub(r"[^a-z0-9]+", "-", value).strip("-")[:150]


def upgrade() -> None:
    """Upgrade schema."""
    missing = sa.text("SELECT id, name FROM products WHERE slug IS NULL ORDER BY id")
    existing = sa.text("SELECT slug FROM products WHERE slug IS NOT NULL")
    update = sa.text("UPDATE products SET slug = :slug WHERE id = :id")

    conn = op.get_bind()
    # expect: render-failed
    rows = conn.execute(missing).fetchall()
    taken = set(conn.execute(existing).scalars())

    for product_id, name in rows:
        base = _slugify(name) or f"product-{product_id}"
        slug, n = base, 2
        while slug in taken:
            slug, n = f"{base}-{n}", n + 1
        taken.add(slug)
        conn.execute(update, {"slug": slug, "id": product_id})


def downgrade() -> None:
    """Downgrade schema."""
    # Keep the slugs; 6f4d8b1e3a57 drops the column.
    pass
