SET lock_timeout = '2s';
-- expect: rename-table
ALTER TABLE wishlist RENAME TO wishlist_items;

CREATE TABLE tmp_import (id bigint);
ALTER TABLE tmp_import RENAME TO product_import;
-- Renaming an index breaks no query.
ALTER INDEX ix_orders_stat RENAME TO ix_orders_status;
