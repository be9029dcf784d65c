"""backfill default SLA policy, normalise agent emails (data only)

Revision ID: 38c0e2a46a11
Revises: 16a8c0e24e10
Create Date: 2024-04-22 13:37:00.884102

"""
from alembic import context, op
import sqlalchemy as sa

# revision identifiers, used by Alembic.
revision = "38c0e2a46a11"
down_revision = "16a8c0e24e10"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.execute(
        sa.text(
            "UPDATE tickets SET sla_policy_id = "
            "(SELECT id FROM sla_policies WHERE is_default) "
            "WHERE sla_policy_id IS NULL"
        )
    )
    # expect: full-table-dml
    op.execute("UPDATE agents SET email = lower(email)")

    if not context.is_offline_mode():
        # tenants created before SLA policies existed have none: give them one
        bind = op.get_bind()
        has_default = bind.execute(
            sa.text("SELECT EXISTS (SELECT 1 FROM sla_policies WHERE is_default)")
        ).scalar()
        if not has_default:
            bind.execute(
                sa.text(
                    "INSERT INTO sla_policies (name, first_response_minutes, is_default) "
                    "VALUES ('Standard', 480, true)"
                )
            )
            bind.execute(
                sa.text(
                    "UPDATE tickets SET sla_policy_id = "
                    "(SELECT id FROM sla_policies WHERE is_default) "
                    "WHERE sla_policy_id IS NULL"
                )
            )


def downgrade() -> None:
    pass
