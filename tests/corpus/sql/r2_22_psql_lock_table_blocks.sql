-- migcheck-test: pg-version=15
-- nightly stock correction, psql; no session-level lock_timeout

BEGIN;
-- LOCK docs: SHARE ROW EXCLUSIVE (>= SHARE) blocks concurrent writers; no lock_timeout in this block
-- expect: missing-lock-timeout
LOCK TABLE inventory_levels IN SHARE ROW EXCLUSIVE MODE;
UPDATE inventory_levels SET reserved = 0 WHERE reserved < 0;
COMMIT;

BEGIN;
SET LOCAL lock_timeout = '1s';
-- LOCK docs: "If no lock mode is specified, then ACCESS EXCLUSIVE, the most restrictive mode, is used"
LOCK TABLE stock_movements;
-- deletes rows while stock_movements is unreadable for everyone else
-- expect: statements-after-access-exclusive
DELETE FROM stock_movements WHERE created_at < now() - interval '2 years';
COMMIT;

BEGIN;
-- ACCESS SHARE and ROW EXCLUSIVE are weaker than SHARE: no lock_timeout needed
LOCK TABLE warehouses IN ACCESS SHARE MODE;
LOCK TABLE stock_snapshots IN ROW EXCLUSIVE MODE;
INSERT INTO stock_snapshots (warehouse_id, taken_at, total_units)
SELECT w.id, now(), sum(l.on_hand)
FROM warehouses w JOIN inventory_levels l ON l.warehouse_id = w.id
GROUP BY w.id;
COMMIT;
