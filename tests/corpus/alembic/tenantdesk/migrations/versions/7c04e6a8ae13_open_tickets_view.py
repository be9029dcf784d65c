"""per-tenant open_tickets view, tickets.closed_at

Revision ID: 7c04e6a8ae13
Revises: 5ae2c4e68c12
Create Date: 2024-05-27 17:12:09.663431

"""
from alembic import op
import sqlalchemy as sa

# revision identifiers, used by Alembic.
revision = "7c04e6a8ae13"
down_revision = "5ae2c4e68c12"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # env.py always passes tenant_schema; there is no sensible default here
    tenant = op.get_context().opts["tenant_schema"]
    op.add_column(
        "tickets",
        sa.Column("closed_at", sa.DateTime(timezone=True), nullable=True),
        schema=tenant,
    )
    op.execute(
        sa.text(
            f'CREATE OR REPLACE VIEW "{tenant}".open_tickets AS '
            f"SELECT id, subject, status, priority, assignee_id, created_at "
            f'FROM "{tenant}".tickets '
            f"WHERE status IN ('open', 'pending', 'on_hold')"
        )
    )


def downgrade() -> None:
    tenant = op.get_context().opts["tenant_schema"]
    op.execute(sa.text(f'DROP VIEW IF EXISTS "{tenant}".open_tickets'))
    op.drop_column("tickets", "closed_at", schema=tenant)
