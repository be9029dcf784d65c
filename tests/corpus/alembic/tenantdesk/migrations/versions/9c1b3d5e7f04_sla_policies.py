"""validate priority check, index status+priority, sla policies

Revision ID: 9c1b3d5e7f04
Revises: 5b2d8f4a1c02
Create Date: 2023-11-13 14:03:29.771406

"""
from alembic import op
import sqlalchemy as sa

# revision identifiers, used by Alembic.
revision = "9c1b3d5e7f04"
down_revision = "5b2d8f4a1c02"
branch_labels = None
depends_on = None


def upgrade() -> None:
    schema = op.get_context().opts.get("tenant_schema")
    table = f'"{schema}".tickets' if schema else "tickets"
    op.execute(f"ALTER TABLE {table} VALIDATE CONSTRAINT ck_tickets_priority_range")

    with op.get_context().autocommit_block():
        op.create_index(
            "ix_tickets_status_priority",
            "tickets",
            ["status", "priority"],
            schema=schema,
            postgresql_concurrently=True,
            if_not_exists=True,
        )

    op.create_table(
        "sla_policies",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("name", sa.String(80), nullable=False),
        sa.Column("first_response_minutes", sa.Integer(), nullable=False),
        sa.Column("resolution_minutes", sa.Integer(), nullable=True),
        sa.Column("is_default", sa.Boolean(), nullable=False, server_default=sa.false()),
        schema=schema,
    )
    op.create_index(
        "uq_sla_policies_single_default",
        "sla_policies",
        ["is_default"],
        unique=True,
        schema=schema,
        postgresql_where=sa.text("is_default"),
    )
    op.add_column(
        "tickets",
        sa.Column("sla_policy_id", sa.Integer(), nullable=True),
        schema=schema,
    )
    # expect: validating-constraint, statements-after-access-exclusive
    op.create_foreign_key(
        "fk_tickets_sla_policy_id",
        "tickets",
        "sla_policies",
        ["sla_policy_id"],
        ["id"],
        source_schema=schema,
        referent_schema=schema,
    )
    # expect: index-not-concurrent, statements-after-access-exclusive
    op.create_index("ix_tickets_sla_policy_id", "tickets", ["sla_policy_id"], schema=schema)


def downgrade() -> None:
    schema = op.get_context().opts.get("tenant_schema")
    op.drop_index("ix_tickets_sla_policy_id", table_name="tickets", schema=schema)
    op.drop_constraint("fk_tickets_sla_policy_id", "tickets", type_="foreignkey", schema=schema)
    op.drop_column("tickets", "sla_policy_id", schema=schema)
    op.drop_table("sla_policies", schema=schema)
    op.drop_index("ix_tickets_status_priority", table_name="tickets", schema=schema)
