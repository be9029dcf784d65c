"""price history kept by a trigger

Revision ID: d4e3f5b7e904
Revises: c3d2e4a6d803
Create Date: 2024-03-04 16:20:55.091274

"""
from alembic import op
import sqlalchemy as sa
from sqlalchemy.dialects import postgresql

# revision identifiers, used by Alembic.
revision = "d4e3f5b7e904"
down_revision = "c3d2e4a6d803"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.execute(sa.text("SET LOCAL lock_timeout = '3s'"))

    op.create_table(
        "product_price_history",
        sa.Column("id", sa.Integer(), sa.Identity(), primary_key=True),
        sa.Column(
            "product_id",
            sa.BigInteger(),
            sa.ForeignKey("products.id", name="fk_product_price_history_product_id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("price_cents", sa.Integer(), nullable=False),
        sa.Column("valid_during", postgresql.TSTZRANGE(), nullable=False),
    )
    op.create_index(
        "ix_product_price_history_product_id",
        "product_price_history",
        ["product_id"],
    )

    op.execute(
        sa.text(
            """
            CREATE OR REPLACE FUNCTION record_price_change() RETURNS trigger
            LANGUAGE plpgsql AS $fn$
            BEGIN
                UPDATE product_price_history
                   SET valid_during = tstzrange(lower(valid_during), now())
                 WHERE product_id = NEW.id AND upper_inf(valid_during);
                INSERT INTO product_price_history (product_id, price_cents, valid_during)
                VALUES (NEW.id, NEW.price_cents, tstzrange(now(), NULL));
                RETURN NEW;
            END;
            $fn$
            """
        )
    )
    op.execute(
        sa.text(
            "CREATE TRIGGER products_price_history "
            "AFTER UPDATE OF price_cents ON products "
            "FOR EACH ROW WHEN (OLD.price_cents IS DISTINCT FROM NEW.price_cents) "
            "EXECUTE FUNCTION record_price_change()"
        )
    )


def downgrade() -> None:
    op.execute(sa.text("DROP TRIGGER IF EXISTS products_price_history ON products"))
    op.execute(sa.text("DROP FUNCTION IF EXISTS record_price_change()"))
    op.drop_table("product_price_history")
