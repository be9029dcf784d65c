"""status code not null, step 1: check constraint and index

Revision ID: b1a0c0de0009
Revises: b1a0c0de0008
Create Date: 2024-03-04 10:00:00.000000

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision: str = 'b1a0c0de0009'
down_revision: Union[str, Sequence[str], None] = 'b1a0c0de0008'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    op.execute("SET lock_timeout = '5s'")
    op.create_check_constraint(
        "ck_invoices_status_code_nn",
        "invoices",
        "status_code IS NOT NULL",
        schema="billing",
        postgresql_not_valid=True,
    )
    with op.get_context().autocommit_block():
        op.create_index(
            "ix_invoices_status_code",
            "invoices",
            ["status_code"],
            schema="billing",
            postgresql_concurrently=True,
            if_not_exists=True,
        )


def downgrade() -> None:
    with op.get_context().autocommit_block():
        op.drop_index(
            "ix_invoices_status_code",
            table_name="invoices",
            schema="billing",
            postgresql_concurrently=True,
            if_exists=True,
        )
    op.drop_constraint("ck_invoices_status_code_nn", "invoices", schema="billing", type_="check")
