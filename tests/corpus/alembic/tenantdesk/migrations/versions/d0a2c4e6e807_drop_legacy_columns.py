"""drop legacy columns

Revision ID: d0a2c4e6e807
Revises: c8e0a2b4c606
Create Date: 2024-03-11 11:02:38.910255

"""
from alembic import op
import sqlalchemy as sa

# revision identifiers, used by Alembic.
revision = "d0a2c4e6e807"
down_revision = "c8e0a2b4c606"
branch_labels = None
depends_on = None


def upgrade() -> None:
    schema = op.get_context().opts.get("tenant_schema")
    # expect: drop-index-not-concurrent
    op.drop_index("ix_tickets_legacy_ref", table_name="tickets", schema=schema)
    # expect: drop-column
    op.drop_column("tickets", "legacy_ref", schema=schema)
    # expect: drop-column
    op.drop_column("agents", "legacy_role", schema=schema)


def downgrade() -> None:
    schema = op.get_context().opts.get("tenant_schema")
    op.add_column("agents", sa.Column("legacy_role", sa.String(32)), schema=schema)
    op.add_column("tickets", sa.Column("legacy_ref", sa.String(40)), schema=schema)
    op.create_index("ix_tickets_legacy_ref", "tickets", ["legacy_ref"], schema=schema)
