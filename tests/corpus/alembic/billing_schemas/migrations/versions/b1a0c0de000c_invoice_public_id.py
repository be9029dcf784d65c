"""public id for billing invoices

Revision ID: b1a0c0de000c
Revises: b1a0c0de000b
Create Date: 2024-04-15 11:00:00.000000

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision: str = 'b1a0c0de000c'
down_revision: Union[str, Sequence[str], None] = 'b1a0c0de000b'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    op.execute("SET lock_timeout = '5s'")
    # expect: add-column-rewrite
    op.add_column(
        "invoices",
        sa.Column(
            "public_id",
            sa.Uuid(),
            server_default=sa.text("gen_random_uuid()"),
            nullable=False,
        ),
        schema="billing",
    )


def downgrade() -> None:
    op.drop_column("invoices", "public_id", schema="billing")
