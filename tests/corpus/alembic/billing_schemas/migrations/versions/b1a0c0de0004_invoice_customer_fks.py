"""foreign keys from both invoices tables to customers

Revision ID: b1a0c0de0004
Revises: b1a0c0de0003
Create Date: 2023-12-08 11:45:00.000000

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision: str = 'b1a0c0de0004'
down_revision: Union[str, Sequence[str], None] = 'b1a0c0de0003'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    op.execute("SET lock_timeout = '5s'")
    # expect: validating-constraint
    op.create_foreign_key(
        "fk_invoices_customer_id",
        "invoices",
        "customers",
        ["customer_id"],
        ["id"],
        source_schema="billing",
        referent_schema="public",
    )
    # expect: foreign-key-without-index
    op.create_foreign_key(
        "fk_legacy_invoices_customer_id",
        "invoices",
        "customers",
        ["customer_id"],
        ["id"],
        source_schema="public",
        referent_schema="public",
        postgresql_not_valid=True,
    )


def downgrade() -> None:
    op.drop_constraint("fk_legacy_invoices_customer_id", "invoices", type_="foreignkey")
    op.drop_constraint("fk_invoices_customer_id", "invoices", schema="billing", type_="foreignkey")
