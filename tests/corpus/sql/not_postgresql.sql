SET lock_timeout = '2s';
-- Copied from the MySQL version of the service.
-- expect: not-postgresql
ALTER TABLE orders MODIFY COLUMN note VARCHAR(255) NOT NULL;
-- expect: not-postgresql
CREATE TABLE `order_events` (
    `id` BIGINT NOT NULL AUTO_INCREMENT,
    PRIMARY KEY (`id`)
) ENGINE=InnoDB;

ALTER TABLE orders ADD COLUMN note_v2 text;
CREATE OR REPLACE FUNCTION touch_updated_at() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    NEW.updated_at := now();
    RETURN NEW;
END;
$$;
