"""initial tenant schema

Revision ID: 3a7c1e9b0d01
Revises:
Create Date: 2023-09-04 10:12:31.118204

"""
from alembic import op
import sqlalchemy as sa
from sqlalchemy.dialects import postgresql

# revision identifiers, used by Alembic.
revision = "3a7c1e9b0d01"
down_revision = None
branch_labels = None
depends_on = None

ticket_status = postgresql.ENUM(
    "open", "pending", "solved", "closed", name="ticket_status"
)


def upgrade() -> None:
    schema = op.get_context().opts.get("tenant_schema")

    op.create_table(
        "agents",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("email", sa.String(255), nullable=False),
        sa.Column("display_name", sa.String(120), nullable=False),
        sa.Column("legacy_role", sa.String(32), nullable=True),
        sa.Column("is_active", sa.Boolean(), nullable=False, server_default=sa.true()),
        sa.UniqueConstraint("email", name="uq_agents_email"),
        schema=schema,
    )
    op.create_table(
        "tickets",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("subject", sa.String(200), nullable=False),
        sa.Column("status", ticket_status, nullable=False),
        sa.Column(
            "assignee_id",
            sa.Integer(),
            sa.ForeignKey("agents.id", name="fk_tickets_assignee_id"),
            nullable=True,
        ),
        sa.Column("legacy_ref", sa.String(40), nullable=True),
        sa.Column(
            "created_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("now()"),
            nullable=False,
        ),
        schema=schema,
    )
    op.create_index("ix_tickets_assignee_id", "tickets", ["assignee_id"], schema=schema)
    op.create_index("ix_tickets_legacy_ref", "tickets", ["legacy_ref"], schema=schema)

    op.create_table(
        "comments",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column(
            "ticket_id",
            sa.Integer(),
            sa.ForeignKey("tickets.id", name="fk_comments_ticket_id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column(
            "author_id",
            sa.Integer(),
            sa.ForeignKey("agents.id", name="fk_comments_author_id"),
            nullable=False,
        ),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column(
            "created_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("now()"),
            nullable=False,
        ),
        schema=schema,
    )
    op.create_index("ix_comments_ticket_id", "comments", ["ticket_id"], schema=schema)
    op.create_index("ix_comments_author_id", "comments", ["author_id"], schema=schema)

    op.create_table(
        "tags",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("name", sa.String(64), nullable=False),
        sa.UniqueConstraint("name", name="uq_tags_name"),
        schema=schema,
    )
    op.create_table(
        "ticket_tags",
        sa.Column(
            "ticket_id",
            sa.Integer(),
            sa.ForeignKey("tickets.id", name="fk_ticket_tags_ticket_id", ondelete="CASCADE"),
            primary_key=True,
        ),
        sa.Column(
            "tag_id",
            sa.Integer(),
            sa.ForeignKey("tags.id", name="fk_ticket_tags_tag_id", ondelete="CASCADE"),
            primary_key=True,
        ),
        schema=schema,
    )
    op.create_index("ix_ticket_tags_tag_id", "ticket_tags", ["tag_id"], schema=schema)

    agents = sa.table(
        "agents",
        sa.column("email", sa.String),
        sa.column("display_name", sa.String),
        schema=schema,
    )
    op.bulk_insert(
        agents,
        [{"email": "system@helpdesk.invalid", "display_name": "System"}],
    )


def downgrade() -> None:
    schema = op.get_context().opts.get("tenant_schema")
    op.drop_table("ticket_tags", schema=schema)
    op.drop_table("tags", schema=schema)
    op.drop_table("comments", schema=schema)
    op.drop_table("tickets", schema=schema)
    op.drop_table("agents", schema=schema)
    ticket_status.drop(op.get_bind(), checkfirst=True)
