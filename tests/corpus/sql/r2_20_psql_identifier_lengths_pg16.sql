-- migcheck-test: pg-version=16
-- billing: subscription invoices (identifier lengths counted in UTF-8 bytes; NAMEDATALEN - 1 = 63)
SET lock_timeout = '2s';

CREATE TABLE subscription_invoices (
    id                    bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    customer_id           bigint NOT NULL,
    billing_period_start  date NOT NULL,
    currency              char(3) NOT NULL,
    amount_due            numeric(14,2) NOT NULL,
    finalized             boolean NOT NULL DEFAULT false,
    -- exactly 63 bytes: kept as written
    CONSTRAINT ck_subscription_invoices_amount_due_non_negative_when_finalized CHECK (NOT finalized OR amount_due >= 0)
);

-- 66 bytes: silently truncated to 63 (NOTICE only)
-- expect: identifier-too-long
CREATE INDEX ix_subscription_invoices_customer_id_billing_period_start_currency ON subscription_invoices (customer_id, billing_period_start, currency);

-- 62 bytes
CREATE INDEX ix_subscription_invoices_finalized_billing_period_start_amount ON subscription_invoices (finalized, billing_period_start, amount_due);

-- 62 characters but 66 bytes in UTF-8: the limit is in bytes
-- expect: identifier-too-long
CREATE INDEX "índice_facturación_cliente_período_contable_y_situación_fiscal" ON subscription_invoices (customer_id, billing_period_start);

-- existing table, 65-byte column name
-- expect: identifier-too-long
ALTER TABLE payouts ADD COLUMN reconciliation_status_last_verified_by_external_ledger_service_at timestamptz;

-- 46 bytes
ALTER TABLE payouts ADD COLUMN payouts_reconciliation_status_last_verified_at timestamptz;
