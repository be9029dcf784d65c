/* Migration 0042: gift notes for "Order Items".
 * Reviewed by: ops; DBA -- approved
 * Block comments nest in PostgreSQL: /* like this; */ so this line is still comment text.
 */
SET lock_timeout = '2s'; -- fail fast; the deploy retries

-- A line comment; with semicolons; and an unbalanced 'quote
/* step 1; add column */ ALTER TABLE public."Order Items" -- legacy name; keep it
    ADD COLUMN IF NOT EXISTS "gift note" text /* nullable; no default */;

-- expect: drop-column
ALTER TABLE public."Order Items" /* ; */ DROP COLUMN IF EXISTS "legacy;--flag";

/* outer comment /* nested: DROP TABLE public."Order Items"; */ still inside the outer comment;
   TRUNCATE public."Order Items"; */

INSERT INTO public.settings (key, value)
VALUES ('checkout.banner', 'Free shipping; today only -- while stocks last'),
       ('checkout.footer', E'It\'s 100% /* safe */; really\\'),
       ('export.path', 'C:\exports\');   -- standard string: the backslash is literal

-- expect: rename-column
ALTER TABLE "Order Items" RENAME COLUMN "Qty" TO quantity; -- trailing; comment

UPDATE public.settings SET value = 'a''b;c' WHERE key = 'quote.test';/* done; */

-- expect: index-not-concurrent
/* 0042b: packing-slip search */ CREATE INDEX "Order Items_gift_note_idx" ON public."Order Items" ("gift note");

COMMENT ON COLUMN public."Order Items"."gift note" IS 'Printed on the packing slip; max 200 chars -- trimmed by the app';
SELECT $tag$ it's ; -- not a comment $tag$ AS dollar_quoted, 'x' AS "say ""hi"";";

-- expect: json-column
ALTER TABLE "Order Items" ADD COLUMN "meta data" json;
