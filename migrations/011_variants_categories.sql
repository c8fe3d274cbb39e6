-- Money and quantities are bigint, as everywhere (002_store_contract.sql).
-- Variants (sizes, colours) with their own SKU, price and stock, and a category tree.
-- An existing database upgrades in place: each product gets one variant, under the product's own
-- id (so cart lines, order items and stock moves already naming the product name its variant), its
-- stock moved there; nothing is dropped before it is copied.

CREATE TABLE categories (
  id        text PRIMARY KEY,
  seq       bigserial NOT NULL UNIQUE,
  name      text NOT NULL,
  slug      text NOT NULL UNIQUE,
  parent_id text REFERENCES categories (id),
  position  integer NOT NULL DEFAULT 0
);
CREATE INDEX categories_parent ON categories (parent_id);

CREATE TABLE product_variants (
  id          text PRIMARY KEY,
  seq         bigserial NOT NULL UNIQUE,
  product_id  text NOT NULL REFERENCES products (id),
  sku         text NOT NULL UNIQUE,
  options     jsonb NOT NULL DEFAULT '{}',
  price_cents bigint CHECK (price_cents >= 0),
  stock_qty   bigint NOT NULL CHECK (stock_qty >= 0),
  active      boolean NOT NULL DEFAULT true,
  -- jsonb equality ignores key order: one variant per combination.
  UNIQUE (product_id, options)
);
CREATE INDEX product_variants_product ON product_variants (product_id, seq);

INSERT INTO product_variants (id, product_id, sku, options, price_cents, stock_qty, active)
SELECT id, id, 'SKU-' || lpad(seq::text, 6, '0'), '{}', NULL, stock_qty, true FROM products ORDER BY seq;

ALTER TABLE products ADD COLUMN options jsonb NOT NULL DEFAULT '[]';
-- The lowest active variant's price ("à partir de"), what price filters and sorts read; kept by
-- every write of a product or its variants, in the transaction that holds the product's row.
ALTER TABLE products ADD COLUMN from_price_cents bigint;
UPDATE products SET from_price_cents = price_cents;
ALTER TABLE products ALTER COLUMN from_price_cents SET NOT NULL;
DROP INDEX IF EXISTS products_price_order;
CREATE INDEX products_price_order ON products (from_price_cents, seq);
ALTER TABLE products DROP COLUMN stock_qty;

CREATE TABLE product_categories (
  product_id  text NOT NULL REFERENCES products (id),
  category_id text NOT NULL REFERENCES categories (id),
  PRIMARY KEY (product_id, category_id)
);
CREATE INDEX product_categories_category ON product_categories (category_id, product_id);

ALTER TABLE cart_items ADD COLUMN variant_id text REFERENCES product_variants (id);
UPDATE cart_items SET variant_id = product_id;
ALTER TABLE cart_items ALTER COLUMN variant_id SET NOT NULL;
ALTER TABLE cart_items DROP CONSTRAINT cart_items_pkey;
ALTER TABLE cart_items ADD PRIMARY KEY (user_id, variant_id);

-- Order items and invoice lines snapshot the variant sold, as new ones do.
UPDATE orders o SET items = (
  SELECT coalesce(jsonb_agg(i || jsonb_build_object(
           'variantId', i->>'productId', 'sku', coalesce(v.sku, i->>'productId'), 'options', '{}'::jsonb)
         ORDER BY n), '[]'::jsonb)
  FROM jsonb_array_elements(o.items) WITH ORDINALITY AS e (i, n)
  LEFT JOIN product_variants v ON v.id = i->>'productId'
);
UPDATE invoices f SET lines = (
  SELECT coalesce(jsonb_agg(l || jsonb_build_object(
           'variantId', l->>'productId', 'sku', coalesce(v.sku, l->>'productId'), 'options', '{}'::jsonb)
         ORDER BY n), '[]'::jsonb)
  FROM jsonb_array_elements(f.lines) WITH ORDINALITY AS e (l, n)
  LEFT JOIN product_variants v ON v.id = l->>'productId'
);
