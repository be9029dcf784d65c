-- migcheck-test: assume-in-transaction
-- +goose Up
CREATE TABLE order_audit (
    id          bigserial PRIMARY KEY,
    order_id    bigint      NOT NULL,
    op          char(1)     NOT NULL,
    changed_at  timestamptz NOT NULL DEFAULT now(),
    changed_by  text        NOT NULL DEFAULT current_user,
    row_data    jsonb       NOT NULL
);
CREATE INDEX order_audit_order_id_changed_at_idx ON order_audit (order_id, changed_at);

-- +goose StatementBegin
CREATE OR REPLACE FUNCTION order_audit_trg() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        INSERT INTO order_audit (order_id, op, row_data)
        VALUES (OLD.id, 'D', to_jsonb(OLD));
        RETURN OLD;
    END IF;
    -- keep only the last 50 versions of an order
    DELETE FROM order_audit
     WHERE order_id = NEW.id
       AND id < (SELECT min(id) FROM (SELECT id FROM order_audit WHERE order_id = NEW.id ORDER BY id DESC LIMIT 50) last50);
    INSERT INTO order_audit (order_id, op, row_data)
    VALUES (NEW.id, left(TG_OP, 1), to_jsonb(NEW));
    RETURN NEW;
END;
$$;
-- +goose StatementEnd

-- expect: missing-lock-timeout
CREATE TRIGGER orders_audit
    AFTER INSERT OR UPDATE OR DELETE ON orders
    FOR EACH ROW EXECUTE FUNCTION order_audit_trg();

-- +goose Down
DROP TRIGGER IF EXISTS orders_audit ON orders;
DROP FUNCTION IF EXISTS order_audit_trg();
DROP TABLE IF EXISTS order_audit;
