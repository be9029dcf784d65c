"""rename ticket_tags to ticket_labels

Revision ID: 5ae2c4e68c12
Revises: 38c0e2a46a11
Create Date: 2024-05-06 10:05:44.219876

"""
from alembic import op
import sqlalchemy as sa

# revision identifiers, used by Alembic.
revision = "5ae2c4e68c12"
down_revision = "38c0e2a46a11"
branch_labels = None
depends_on = None


def upgrade() -> None:
    schema = op.get_context().opts.get("tenant_schema")
    # expect: rename-table
    op.rename_table("ticket_tags", "ticket_labels", schema=schema)
    op.execute("ALTER INDEX ix_ticket_tags_tag_id RENAME TO ix_ticket_labels_tag_id")


def downgrade() -> None:
    schema = op.get_context().opts.get("tenant_schema")
    op.execute("ALTER INDEX ix_ticket_labels_tag_id RENAME TO ix_ticket_tags_tag_id")
    op.rename_table("ticket_labels", "ticket_tags", schema=schema)
