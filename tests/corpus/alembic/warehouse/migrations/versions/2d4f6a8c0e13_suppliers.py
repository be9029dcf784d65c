"""suppliers

Revision ID: 2d4f6a8c0e13
Revises: 0b3d5f7a9c21
Create Date: 2024-04-15 13:27:45.019284

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa

# revision identifiers, used by Alembic.
revision: str = "2d4f6a8c0e13"
down_revision: Union[str, Sequence[str], None] = "0b3d5f7a9c21"
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    suppliers = op.create_table(
        "suppliers",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("contact_email", sa.String(length=320), nullable=True),
        sa.Column("country", sa.String(length=2), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_suppliers"),
    )
    # inter-warehouse transfers are booked against this pseudo-supplier
    op.bulk_insert(
        suppliers,
        [
            {"id": 1, "name": "Internal transfer", "contact_email": None, "country": "DE"},
            {"id": 2, "name": "Returns", "contact_email": None, "country": "DE"},
        ],
    )
    op.execute("SELECT setval(pg_get_serial_sequence('suppliers', 'id'), 2)")


def downgrade() -> None:
    op.drop_table("suppliers")
