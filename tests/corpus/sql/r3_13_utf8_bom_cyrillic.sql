SET lock_timeout = '2s';
-- Миграция 2025-03: статусы заказов. Файл сохранён в UTF-8 с BOM.
-- Имена индексов: PostgreSQL обрезает идентификаторы до 63 байт (не символов).

CREATE TABLE IF NOT EXISTS "статусы_заказов" (
    код      text PRIMARY KEY,
    название text NOT NULL
);

INSERT INTO "статусы_заказов" (код, название)
VALUES ('new',  'Новый; ждёт оплаты'),
       ('paid', 'Оплачен -- передан на склад'),
       ('gone', E'Отменён \'клиентом\'');

ALTER TABLE "заказы_клиентов" ADD COLUMN IF NOT EXISTS статус text;
ALTER TABLE "заказы_клиентов" ADD COLUMN IF NOT EXISTS дата_оформления timestamptz DEFAULT now();

-- 35 characters, exactly 63 bytes: kept as is
CREATE INDEX CONCURRENTLY IF NOT EXISTS "idx_заказы_клиентов_статус_доставки"
    ON "заказы_клиентов" (статус);

-- 37 characters, 67 bytes: truncated
-- expect: identifier-too-long
CREATE INDEX CONCURRENTLY IF NOT EXISTS "ix_заказы_клиентов_по_дате_оформления"
    ON "заказы_клиентов" (дата_оформления);

-- expect: validating-constraint
ALTER TABLE "заказы_клиентов"
    ADD CONSTRAINT "заказы_статус_fk" FOREIGN KEY (статус) REFERENCES "статусы_заказов" (код);

COMMENT ON COLUMN "заказы_клиентов".статус IS 'Код из «статусы_заказов»; NULL — старые заказы';
