"""agent preferences and timezone

Revision ID: f4e6a8c02c09
Revises: d0a2c4e6e807
Create Date: 2024-04-03 15:49:27.118830

"""
from alembic import op
import sqlalchemy as sa

# revision identifiers, used by Alembic.
revision = "f4e6a8c02c09"
down_revision = "d0a2c4e6e807"
branch_labels = None
depends_on = None


def upgrade() -> None:
    schema = op.get_context().opts.get("tenant_schema")
    # expect: json-column
    op.add_column("agents", sa.Column("preferences", sa.JSON(), nullable=True), schema=schema)
    op.add_column(
        "agents",
        sa.Column("timezone", sa.String(64), nullable=False, server_default="UTC"),
        schema=schema,
    )
    # display_name becomes optional (SSO users may not have one)
    # expect: drop-not-null
    op.alter_column(
        "agents",
        "display_name",
        existing_type=sa.String(120),
        nullable=True,
        schema=schema,
    )


def downgrade() -> None:
    schema = op.get_context().opts.get("tenant_schema")
    op.alter_column("agents", "display_name", existing_type=sa.String(120), nullable=False, schema=schema)
    op.drop_column("agents", "timezone", schema=schema)
    op.drop_column("agents", "preferences", schema=schema)
