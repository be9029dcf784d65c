"""invoice status code

Revision ID: b1a0c0de0006
Revises: b1a0c0de0005
Create Date: 2024-01-10 14:05:00.000000

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision: str = 'b1a0c0de0006'
down_revision: Union[str, Sequence[str], None] = 'b1a0c0de0005'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    op.execute("SET lock_timeout = '5s'")
    op.execute("ALTER TABLE public.invoices VALIDATE CONSTRAINT fk_legacy_invoices_customer_id")
    op.add_column(
        "invoices",
        sa.Column("status_code", sa.String(length=16), server_default="draft", nullable=True),
        schema="billing",
    )
    # expect: foreign-key-without-index
    op.create_foreign_key(
        "fk_invoices_status_code",
        "invoices",
        "invoice_statuses",
        ["status_code"],
        ["code"],
        source_schema="billing",
        referent_schema="billing",
        postgresql_not_valid=True,
    )


def downgrade() -> None:
    op.drop_constraint("fk_invoices_status_code", "invoices", schema="billing", type_="foreignkey")
    op.drop_column("invoices", "status_code", schema="billing")
