SET lock_timeout = '3s';
ALTER TABLE orders ADD COLUMN a_note text;
BEGIN;
ALTER TABLE orders ADD COLUMN b_note text;
COMMIT;

-- 0 disables the timeout again.
SET lock_timeout = 0;
-- expect: missing-lock-timeout
ALTER TABLE orders ADD COLUMN c_note text;

SET SESSION lock_timeout TO '5s';
ALTER TABLE orders ADD COLUMN d_note text;

-- RESET goes back to the server default: no timeout.
RESET lock_timeout;
BEGIN;
-- expect: missing-lock-timeout
ALTER TABLE payments ADD COLUMN e_note text;
COMMIT;

BEGIN;
SET LOCAL lock_timeout = '2s';
ALTER TABLE payments ADD COLUMN f_note text;
COMMIT;

-- set_config(..., false) is SET; with true it is SET LOCAL.
RESET ALL;
SELECT set_config('lock_timeout', '2s', false);
BEGIN;
ALTER TABLE payments ADD COLUMN g_note text;
COMMIT;
RESET ALL;
BEGIN;
SELECT set_config('lock_timeout', '2s', true);
ALTER TABLE payments ADD COLUMN h_note text;
COMMIT;
BEGIN;
-- expect: missing-lock-timeout
ALTER TABLE payments ADD COLUMN i_note text;
COMMIT;
