"""validate order constraints

Revision ID: 5e8b3d1a7f62
Revises: 1d9f4a6c0e53
Create Date: 2024-09-17 10:25:39.157284

"""

from collections.abc import Sequence

from alembic import op

# revision identifiers, used by Alembic.
revision: str = "5e8b3d1a7f62"
down_revision: str | Sequence[str] | None = "1d9f4a6c0e53"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Upgrade schema."""
    # VALIDATE only takes SHARE UPDATE EXCLUSIVE: reads and writes continue.
    op.execute("ALTER TABLE orders VALIDATE CONSTRAINT fk_orders_shipping_country_code_countries")
    op.execute("ALTER TABLE orders VALIDATE CONSTRAINT ck_orders_shipping_country_code_not_null")


def downgrade() -> None:
    """Downgrade schema."""
    # A constraint cannot be marked NOT VALID again; 1d9f4a6c0e53 drops them.
    pass
