"""reset marketing opt-in

Data-only revision.  Legal: consent collected by the old signup form is not
valid under the new privacy policy, everybody has to opt in again.

Revision ID: 8e3a5d0b7c14
Revises: 4b6e1c8d9f27
Create Date: 2025-01-20 12:06:47.399561

"""

from collections.abc import Sequence

from alembic import op

# revision identifiers, used by Alembic.
revision: str = "8e3a5d0b7c14"
down_revision: str | Sequence[str] | None = "4b6e1c8d9f27"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Upgrade schema."""
    # expect: full-table-dml
    op.execute("UPDATE users SET marketing_opt_in = false")


def downgrade() -> None:
    """Downgrade schema."""
    # Consent cannot be restored by a migration.
    pass
