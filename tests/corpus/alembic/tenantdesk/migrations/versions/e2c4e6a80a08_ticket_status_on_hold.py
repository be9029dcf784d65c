"""ticket status: on_hold

Revision ID: e2c4e6a80a08
Revises: d0a2c4e6e807
Create Date: 2024-04-02 10:21:13.377520

"""
from alembic import op
import sqlalchemy as sa
from sqlalchemy.dialects import postgresql

# revision identifiers, used by Alembic.
revision = "e2c4e6a80a08"
down_revision = "d0a2c4e6e807"
branch_labels = None
depends_on = None


def upgrade() -> None:
    schema = op.get_context().opts.get("tenant_schema")
    if op.get_context().dialect.name == "postgresql":
        with op.get_context().autocommit_block():
            op.execute("ALTER TYPE ticket_status ADD VALUE IF NOT EXISTS 'on_hold' AFTER 'pending'")
    op.alter_column(
        "tickets",
        "status",
        existing_type=postgresql.ENUM(name="ticket_status", create_type=False),
        server_default="open",
        schema=schema,
    )


def downgrade() -> None:
    schema = op.get_context().opts.get("tenant_schema")
    op.alter_column(
        "tickets",
        "status",
        existing_type=postgresql.ENUM(name="ticket_status", create_type=False),
        server_default=None,
        schema=schema,
    )
