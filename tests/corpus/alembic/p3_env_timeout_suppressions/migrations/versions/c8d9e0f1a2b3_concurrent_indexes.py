"""concurrent indexes; invoice token

Revision ID: c8d9e0f1a2b3
Revises: b7c8d9e0f1a2
Create Date: 2024-04-10 09:30:00

"""
from alembic import op
import sqlalchemy as sa

revision = "c8d9e0f1a2b3"
down_revision = "b7c8d9e0f1a2"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.get_context().autocommit_block():
        op.create_index(
            "ix_orders_user_id",
            "orders",
            ["user_id"],
            postgresql_concurrently=True,
        )
        # 69 characters: PostgreSQL truncates it to 63
        # expect: identifier-too-long
        op.execute(
            "CREATE INDEX CONCURRENTLY"
            " ix_sessions_user_id_for_the_session_cleanup_job_that_runs_every_night"
            " ON sessions (user_id)"
        )
    # outside the autocommit block: runs in the revision's transaction
    # expect: non-transactional-statement
    op.create_index(
        "ix_invoices_customer_due",
        "invoices",
        ["customer_id", "due_date"],
        postgresql_concurrently=True,
    )
    # migcheck: ignore[add-column-rewrite, missing-lock-timeout] invoices holds a few rows
    op.add_column(
        "invoices",
        sa.Column("token", sa.Text(), server_default=sa.text("md5(random()::text)")),
    )


def downgrade() -> None:
    op.drop_column("invoices", "token")
    op.drop_index("ix_invoices_customer_due", table_name="invoices")
    op.execute(
        "DROP INDEX ix_sessions_user_id_for_the_session_cleanup_job_that_runs_every_night"
    )
    op.drop_index("ix_orders_user_id", table_name="orders")
