"""comments: body -> body_md, add body_html

Revision ID: c8e0a2b4c606
Revises: b6d8e0f2a405
Create Date: 2024-02-19 16:44:05.004871

"""
from alembic import context, op
import sqlalchemy as sa

# revision identifiers, used by Alembic.
revision = "c8e0a2b4c606"
down_revision = "b6d8e0f2a405"
branch_labels = None
depends_on = None


def upgrade() -> None:
    schema = op.get_context().opts.get("tenant_schema")
    # expect: rename-column
    op.alter_column("comments", "body", new_column_name="body_md", schema=schema)
    op.add_column("comments", sa.Column("body_html", sa.Text(), nullable=True), schema=schema)

    if not context.is_offline_mode():
        bind = op.get_bind()
        pending = bind.execute(sa.text("SELECT count(*) FROM comments")).scalar()
        if pending:
            print(
                f"[{schema or 'public'}] body_html will be rendered lazily "
                f"for {pending} comments"
            )


def downgrade() -> None:
    schema = op.get_context().opts.get("tenant_schema")
    op.drop_column("comments", "body_html", schema=schema)
    op.alter_column("comments", "body_md", new_column_name="body", schema=schema)
