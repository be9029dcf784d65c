"""inbound appointment overlap

Revision ID: 1a3c5e7f9b02
Revises: f6a8c0e2d4b7
Create Date: 2024-07-22 16:11:05.390274

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa

# revision identifiers, used by Alembic.
revision: str = "1a3c5e7f9b02"
down_revision: Union[str, Sequence[str], None] = "f6a8c0e2d4b7"
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    # a supplier cannot hold two overlapping appointments at one warehouse
    # expect: exclusion-constraint
    op.create_exclude_constraint(
        "excl_inbound_appointments_overlap",
        "inbound_appointments",
        ("supplier_id", "="),
        ("warehouse_id", "="),
        ("arrival_window", "&&"),
        using="gist",
    )


def downgrade() -> None:
    op.drop_constraint("excl_inbound_appointments_overlap", "inbound_appointments")
