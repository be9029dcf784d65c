"""re-add the customer foreign key NOT VALID, total check, optional legacy code

Revision ID: 0008_not_valid_constraints
Revises: 0007_comments_defaults
Create Date: 2023-12-04 10:15:00.000000

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision: str = '0008_not_valid_constraints'
down_revision: Union[str, Sequence[str], None] = '0007_comments_defaults'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    op.execute("SET lock_timeout = '5s'")
    op.drop_constraint("orders_customer_id_fkey", "orders", type_="foreignkey")
    op.create_foreign_key(
        "fk_orders_customer_id",
        "orders",
        "customers",
        ["customer_id"],
        ["id"],
        ondelete="RESTRICT",
        postgresql_not_valid=True,
    )
    op.create_check_constraint(
        "ck_orders_total_nonneg",
        "orders",
        "total_cents >= 0",
        postgresql_not_valid=True,
    )
    with op.batch_alter_table("orders") as batch_op:
        # expect: drop-not-null
        batch_op.alter_column(
            "legacy_code",
            existing_type=sa.String(length=20),
            nullable=True,
        )


def downgrade() -> None:
    with op.batch_alter_table("orders") as batch_op:
        batch_op.alter_column("legacy_code", existing_type=sa.String(length=20), nullable=False)
    op.drop_constraint("ck_orders_total_nonneg", "orders", type_="check")
    op.drop_constraint("fk_orders_customer_id", "orders", type_="foreignkey")
    op.create_foreign_key("orders_customer_id_fkey", "orders", "customers", ["customer_id"], ["id"])
