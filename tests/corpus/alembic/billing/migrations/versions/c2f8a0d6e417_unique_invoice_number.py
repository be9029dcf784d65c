"""unique invoice number

Revision ID: c2f8a0d6e417
Revises: 9e4c1a7f3d52
Create Date: 2024-02-20 16:25:48.907311

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa

# revision identifiers, used by Alembic.
revision: str = "c2f8a0d6e417"
down_revision: Union[str, Sequence[str], None] = "9e4c1a7f3d52"
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    op.execute("SET lock_timeout = '5s'")

    # build the unique indexes without blocking invoice writes ...
    with op.get_context().autocommit_block():
        op.create_index(
            "uq_invoices_number",
            "invoices",
            ["number"],
            unique=True,
            postgresql_concurrently=True,
            if_not_exists=True,
        )
        op.create_index(
            "uq_invoices_public_id",
            "invoices",
            ["public_id"],
            unique=True,
            postgresql_concurrently=True,
            if_not_exists=True,
        )

    # ... then attach the first one as a constraint (instant)
    op.execute(
        "ALTER TABLE invoices ADD CONSTRAINT uq_invoices_number "
        "UNIQUE USING INDEX uq_invoices_number"
    )


def downgrade() -> None:
    op.drop_constraint("uq_invoices_number", "invoices", type_="unique")
    op.drop_index("uq_invoices_public_id", table_name="invoices")
