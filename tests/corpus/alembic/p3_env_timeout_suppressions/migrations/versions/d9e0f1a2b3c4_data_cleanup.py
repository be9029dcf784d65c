"""data cleanup (data only)

Revision ID: d9e0f1a2b3c4
Revises: c8d9e0f1a2b3
Create Date: 2024-05-02 16:00:00

"""
from alembic import op

revision = "d9e0f1a2b3c4"
down_revision = "c8d9e0f1a2b3"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # a suppression inside a Python string is SQL text, not a comment
    # expect: full-table-dml
    op.execute("UPDATE orders SET note = '# migcheck: ignore[full-table-dml]'")
    op.execute("DELETE FROM sessions")  # migcheck: ignore[full-table-dml] sessions are recreated at login
    # migcheck: ignore[full-table-dml] payments.status is recomputed by the app
    op.execute("UPDATE payments SET status = NULL")
    op.execute("UPDATE orders SET status = 'paid' WHERE status = 'settled'")


def downgrade() -> None:
    pass
