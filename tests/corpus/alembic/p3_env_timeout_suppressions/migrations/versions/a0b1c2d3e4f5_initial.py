"""initial orders schema

Revision ID: a0b1c2d3e4f5
Revises:
Create Date: 2024-01-15 10:00:00

"""
from alembic import op
import sqlalchemy as sa

revision = "a0b1c2d3e4f5"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.execute("CREATE TYPE order_status AS ENUM ('new', 'paid', 'shipped')")
    op.create_table(
        "users",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("email", sa.String(255), nullable=False),
        sa.Column("name", sa.String(100)),
        sa.Column("phone", sa.String(30), nullable=False),
        sa.Column("legacy_flag", sa.Boolean()),
        sa.Column("legacy_flag2", sa.Boolean()),
        sa.Column("old_avatar", sa.Text()),
    )
    op.create_table(
        "orders",
        sa.Column("id", sa.BigInteger(), primary_key=True),
        sa.Column("user_id", sa.Integer()),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("note", sa.Text()),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.func.now()),
    )
    op.create_table(
        "payments",
        sa.Column("id", sa.BigInteger(), primary_key=True),
        sa.Column("order_id", sa.BigInteger()),
        sa.Column("status", sa.String(20)),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.func.now()),
    )
    op.create_table(
        "invoices",
        sa.Column("id", sa.BigInteger(), primary_key=True),
        sa.Column("customer_id", sa.Integer(), nullable=False),
        sa.Column("due_date", sa.Date()),
    )
    op.create_table(
        "sessions",
        sa.Column("id", sa.String(64), primary_key=True),
        sa.Column("user_id", sa.Integer(), nullable=False),
    )
    op.execute(
        "CREATE TABLE events (id bigint NOT NULL, created_at timestamptz NOT NULL)"
        " PARTITION BY RANGE (created_at)"
    )
    op.execute(
        "CREATE TABLE events_2019 PARTITION OF events"
        " FOR VALUES FROM ('2019-01-01') TO ('2020-01-01')"
    )


def downgrade() -> None:
    op.execute("DROP TABLE events")
    op.drop_table("sessions")
    op.drop_table("invoices")
    op.drop_table("payments")
    op.drop_table("orders")
    op.drop_table("users")
    op.execute("DROP TYPE order_status")
