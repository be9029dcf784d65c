"""updated_at columns maintained by triggers; validate primary category FK

Revision ID: e5f4a6c8fa05
Revises: d4e3f5b7e904
Create Date: 2024-03-18 11:03:27.550901

"""
from alembic import op
import sqlalchemy as sa

# revision identifiers, used by Alembic.
revision = "e5f4a6c8fa05"
down_revision = "d4e3f5b7e904"
branch_labels = None
depends_on = None

SET_UPDATED_AT = """
CREATE OR REPLACE FUNCTION set_updated_at() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF ROW(NEW.*) IS DISTINCT FROM ROW(OLD.*) THEN
        NEW.updated_at := now();
    END IF;
    RETURN NEW;
END;
$$
"""


def upgrade() -> None:
    # expect: missing-lock-timeout
    op.add_column(
        "products",
        sa.Column(
            "updated_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("now()"),
            nullable=False,
        ),
    )
    # expect: statements-after-access-exclusive
    op.add_column(
        "categories",
        sa.Column(
            "updated_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("CURRENT_TIMESTAMP"),
            nullable=False,
        ),
    )
    op.execute(sa.text(SET_UPDATED_AT))
    op.execute(
        sa.text(
            "CREATE TRIGGER products_set_updated_at BEFORE UPDATE ON products "
            "FOR EACH ROW EXECUTE FUNCTION set_updated_at()"
        )
    )
    op.execute(
        sa.text(
            "CREATE TRIGGER categories_set_updated_at BEFORE UPDATE ON categories "
            "FOR EACH ROW EXECUTE FUNCTION set_updated_at()"
        )
    )
    # expect: statements-after-access-exclusive
    op.execute(sa.text("ALTER TABLE products VALIDATE CONSTRAINT fk_products_primary_category_id"))


def downgrade() -> None:
    op.execute(sa.text("DROP TRIGGER IF EXISTS categories_set_updated_at ON categories"))
    op.execute(sa.text("DROP TRIGGER IF EXISTS products_set_updated_at ON products"))
    op.execute(sa.text("DROP FUNCTION IF EXISTS set_updated_at()"))
    op.drop_column("categories", "updated_at")
    op.drop_column("products", "updated_at")
