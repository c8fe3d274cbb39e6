import { toMs } from '../database/db.js';
import {
  type NewProduct,
  type OptionValues,
  type Product,
  type ProductOption,
  withTotals,
} from './product.js';
import type { ProductWriteOutcome } from './product.repository.js';

/** A product as read: its variants and category ids aggregated beside it, in one statement. */
export interface ProductRow {
  id: string;
  seq: number;
  name: string;
  description: string;
  price_cents: number;
  from_price_cents: number;
  active: boolean;
  image_url: string | null;
  created_at: Date;
  name_key: string;
  options: ProductOption[];
  variants: {
    id: string;
    sku: string;
    options: OptionValues;
    priceCents: number | null;
    stockQty: number;
    active: boolean;
  }[];
  category_ids: string[];
}

export const toProduct = (row: ProductRow): Product => {
  const product: NewProduct = {
    id: row.id,
    name: row.name,
    description: row.description,
    priceCents: row.price_cents,
    active: row.active,
    imageUrl: row.image_url,
    createdAt: toMs(row.created_at),
    options: row.options,
    variants: row.variants.map((variant) => ({ ...variant, productId: row.id })),
    categoryIds: row.category_ids,
  };
  return withTotals(product);
};

/** Every column a product is read from, for statements that name the products table `p`. */
export const PRODUCT_COLUMNS = `p.id, p.seq, p.name, p.description, p.price_cents, p.from_price_cents, p.active,
  p.image_url, p.created_at, p.name_key, p.options,
  (SELECT coalesce(json_agg(json_build_object('id', v.id, 'sku', v.sku, 'options', v.options,
     'priceCents', v.price_cents, 'stockQty', v.stock_qty, 'active', v.active) ORDER BY v.seq), '[]')
   FROM product_variants v WHERE v.product_id = p.id) AS variants,
  ARRAY(SELECT pc.category_id FROM product_categories pc WHERE pc.product_id = p.id ORDER BY pc.category_id COLLATE "C") AS category_ids`;

/**
 * `withTotals`' rule for the price "à partir de", in SQL: run in a transaction after the
 * product's row is locked, so it reads every variant write committed before it.
 */
export const REFRESH_FROM_PRICE = `UPDATE products p SET from_price_cents = coalesce(
    (SELECT min(coalesce(v.price_cents, p.price_cents)) FROM product_variants v WHERE v.product_id = p.id AND v.active),
    p.price_cents)
  WHERE p.id = $1`;

/** A product is listed (in the catalogue) while active with an active variant. */
export const LISTED =
  'p.active AND EXISTS (SELECT 1 FROM product_variants v WHERE v.product_id = p.id AND v.active)';

/** The refusal a broken constraint stands for. */
export function refusalOfConstraint(name: string): Exclude<ProductWriteOutcome, { ok: true }> | null {
  if (name === 'product_variants_sku_key') return { ok: false, reason: 'SKU_TAKEN' };
  if (name === 'product_variants_product_id_options_key') return { ok: false, reason: 'COMBINATION_TAKEN' };
  if (name === 'product_categories_category_id_fkey') return { ok: false, reason: 'CATEGORY_NOT_FOUND' };
  return null;
}
