"""order notes table, status index (raw SQL)

Revision ID: 0006_order_notes
Revises: 0005_merge
Create Date: 2023-11-06 14:00:00.000000

"""
from typing import Sequence, Union

from alembic import op


# revision identifiers, used by Alembic.
revision: str = '0006_order_notes'
down_revision: Union[str, Sequence[str], None] = '0005_merge'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = '0004_customer_timestamps'


def upgrade() -> None:
    op.execute("SET lock_timeout = '5s'")
    op.execute(
        """
        CREATE TABLE order_notes (
            id bigserial PRIMARY KEY,
            order_id integer NOT NULL REFERENCES orders (id),
            body text NOT NULL,
            created_at timestamptz NOT NULL DEFAULT now()
        );
        CREATE INDEX ix_order_notes_order_id ON order_notes (order_id);
        COMMENT ON TABLE order_notes IS 'Free-text notes attached to orders';
        """
    )
    # expect: index-not-concurrent
    op.execute(
        """
        CREATE INDEX ix_orders_status ON orders (status);
        ANALYZE orders;
        """
    )


def downgrade() -> None:
    op.execute("DROP INDEX ix_orders_status")
    op.execute("DROP TABLE order_notes")
