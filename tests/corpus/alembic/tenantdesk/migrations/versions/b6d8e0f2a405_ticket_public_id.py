"""ticket public id

Revision ID: b6d8e0f2a405
Revises: 9c1b3d5e7f04
Create Date: 2024-01-08 09:17:52.630019

"""
from alembic import op
import sqlalchemy as sa
from sqlalchemy.dialects import postgresql

# revision identifiers, used by Alembic.
revision = "b6d8e0f2a405"
down_revision = "9c1b3d5e7f04"
branch_labels = None
depends_on = None


def upgrade() -> None:
    schema = op.get_context().opts.get("tenant_schema")
    if op.get_context().dialect.name == "postgresql":
        op.execute("CREATE EXTENSION IF NOT EXISTS pgcrypto")
        default = sa.text("gen_random_uuid()")
    else:
        default = None

    # expect: add-column-rewrite
    op.add_column(
        "tickets",
        sa.Column(
            "public_id",
            postgresql.UUID(as_uuid=True),
            nullable=False,
            server_default=default,
        ),
        schema=schema,
    )
    with op.get_context().autocommit_block():
        op.create_index(
            "uq_tickets_public_id",
            "tickets",
            ["public_id"],
            unique=True,
            schema=schema,
            postgresql_concurrently=True,
        )


def downgrade() -> None:
    schema = op.get_context().opts.get("tenant_schema")
    op.drop_index("uq_tickets_public_id", table_name="tickets", schema=schema)
    op.drop_column("tickets", "public_id", schema=schema)
