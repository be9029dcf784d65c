SET lock_timeout = '2s';
CREATE INDEX CONCURRENTLY ix_orders_coupon_id ON orders (coupon_id);
-- expect: validating-constraint
ALTER TABLE orders ADD CONSTRAINT fk_orders_coupon FOREIGN KEY (coupon_id) REFERENCES coupons (id);
-- expect: validating-constraint
ALTER TABLE orders ADD CONSTRAINT ck_orders_total_positive CHECK (total_cents >= 0);
-- expect: validating-constraint
ALTER TABLE orders ADD CHECK (discount_cents <= total_cents);

-- NOT VALID now, VALIDATE in a later transaction: SHARE UPDATE EXCLUSIVE only.
CREATE INDEX CONCURRENTLY ix_payments_order_id ON payments (order_id);
ALTER TABLE payments
    ADD CONSTRAINT fk_payments_order FOREIGN KEY (order_id) REFERENCES orders (id) NOT VALID;
ALTER TABLE payments VALIDATE CONSTRAINT fk_payments_order;

-- Validated in the transaction that added it: the strong lock is held for the whole scan.
BEGIN;
SET LOCAL lock_timeout = '2s';
ALTER TABLE invoices ADD CONSTRAINT ck_invoices_amount CHECK (amount_cents > 0) NOT VALID;
-- expect: validating-constraint, statements-after-access-exclusive
ALTER TABLE invoices VALIDATE CONSTRAINT ck_invoices_amount;
COMMIT;

CREATE TABLE vouchers (id bigserial PRIMARY KEY, order_id bigint, amount_cents integer);
CREATE INDEX ix_vouchers_order_id ON vouchers (order_id);
ALTER TABLE vouchers ADD CONSTRAINT fk_vouchers_order FOREIGN KEY (order_id) REFERENCES orders (id);
ALTER TABLE vouchers ADD CONSTRAINT ck_vouchers_amount CHECK (amount_cents > 0);
