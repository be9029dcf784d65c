"""expire password reset tokens

Data-only revision.  Reset tokens were written to the request log in plain
text (INC-2291); invalidate every outstanding one.

Revision ID: 4b6e1c8d9f27
Revises: ab3f6e0d2c71
Create Date: 2025-01-08 08:52:33.640128

"""

from collections.abc import Sequence

from alembic import op

# revision identifiers, used by Alembic.
revision: str = "4b6e1c8d9f27"
down_revision: str | Sequence[str] | None = "ab3f6e0d2c71"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Upgrade schema."""
    # Team convention: fail fast instead of queueing behind a long transaction.
    op.execute("SET lock_timeout = '3s'")
    # expect: truncate
    op.execute("TRUNCATE password_reset_tokens")


def downgrade() -> None:
    """Downgrade schema."""
    # Deleted tokens cannot be restored (and must not be).
    pass
