"""ticket priority

Revision ID: 5b2d8f4a1c02
Revises: 3a7c1e9b0d01
Create Date: 2023-10-02 08:40:11.502913

"""
from alembic import op
import sqlalchemy as sa

# revision identifiers, used by Alembic.
revision = "5b2d8f4a1c02"
down_revision = "3a7c1e9b0d01"
branch_labels = None
depends_on = None


def upgrade() -> None:
    schema = op.get_context().opts.get("tenant_schema")
    op.add_column(
        "tickets",
        sa.Column("priority", sa.SmallInteger(), nullable=False, server_default=sa.text("3")),
        schema=schema,
    )
    if op.get_context().dialect.name == "postgresql":
        # validated in the next revision, in its own transaction
        op.create_check_constraint(
            "ck_tickets_priority_range",
            "tickets",
            "priority BETWEEN 1 AND 5",
            schema=schema,
            postgresql_not_valid=True,
        )
    else:
        op.create_check_constraint(
            "ck_tickets_priority_range",
            "tickets",
            "priority BETWEEN 1 AND 5",
            schema=schema,
        )


def downgrade() -> None:
    schema = op.get_context().opts.get("tenant_schema")
    op.drop_constraint("ck_tickets_priority_range", "tickets", type_="check", schema=schema)
    op.drop_column("tickets", "priority", schema=schema)
