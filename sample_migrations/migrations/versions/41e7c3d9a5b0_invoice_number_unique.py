"""invoice number unique

Revision ID: 41e7c3d9a5b0
Revises: 8c5a1f3e7d26
Create Date: 2024-08-12 09:47:25.268391

"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision: str = "41e7c3d9a5b0"
down_revision: str | Sequence[str] | None = "8c5a1f3e7d26"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Upgrade schema."""
    # Team convention: fail fast instead of queueing behind a long transaction.
    op.execute("SET lock_timeout = '3s'")
    # Signed S3 URLs are longer than 255 characters.  varchar -> text is
    # binary coercible: no rewrite.
    op.alter_column(
        "invoices",
        "pdf_url",
        existing_type=sa.String(length=255),
        type_=sa.Text(),
        existing_nullable=True,
    )
    # The auditors found two invoices with the same number.  (The ALTER above
    # holds ACCESS EXCLUSIVE on invoices until the end, during the index build.)
    # expect: unique-constraint-without-index, statements-after-access-exclusive
    op.create_unique_constraint(op.f("uq_invoices_number"), "invoices", ["number"])


def downgrade() -> None:
    """Downgrade schema."""
    op.drop_constraint(op.f("uq_invoices_number"), "invoices", type_="unique")
    op.alter_column(
        "invoices",
        "pdf_url",
        existing_type=sa.Text(),
        type_=sa.String(length=255),
        existing_nullable=True,
    )
