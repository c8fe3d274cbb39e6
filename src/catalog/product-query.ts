import { partsOfCursor, toCursor } from '../shared/opaque-cursor.js';
import type { OptionValues, Product } from './product.js';

export const PRODUCT_SORTS = ['oldest', 'newest', 'name', 'price', '-price'] as const;
export type ProductSort = (typeof PRODUCT_SORTS)[number];

export const MAX_PAGE_SIZE = 100;

/**
 * Where the previous page ended, in the order of `sort`. The key is the store's own
 * (for instance the last product's price and insertion rank), so paging by position
 * has no duplicates or gaps while products are added.
 */
export interface PagePosition {
  sort: ProductSort;
  key: (string | number)[];
}

export interface ProductQuery {
  /** Already folded with `foldForSearch`. */
  text?: string;
  minPriceCents?: number;
  maxPriceCents?: number;
  /**
   * With `options`, judged on the variants holding them: true, one of them has stock; false,
   * none has. Without, on the product's active variants.
   */
  inStock?: boolean;
  /** Products in any of these categories (the service expands a category to its descendants). */
  categoryIds?: readonly string[];
  /** Every value held by one and the same active variant. */
  options?: OptionValues;
  sort: ProductSort;
  limit: number;
  offset: number;
  /** Keyset paging: start right after this position (then `offset` is 0). */
  after?: PagePosition;
}

export interface ProductPage {
  items: Product[];
  /** Every active product that matches, over all pages. */
  total: number;
  /** Set when more products follow this page. */
  next: PagePosition | null;
}

/** Case- and accent-insensitive form used for search and name sorting: "Écharpe" → "echarpe". */
export const foldForSearch = (text: string): string =>
  text.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();

export const encodeCursor = (position: PagePosition): string => toCursor([position.sort, ...position.key]);

/** What each sort's position key holds: a rank, or a name or price then a rank. */
const KEY_SHAPES: Record<ProductSort, readonly ('rank' | 'text' | 'cents')[]> = {
  oldest: ['rank'],
  newest: ['rank'],
  name: ['text', 'rank'],
  price: ['cents', 'rank'],
  '-price': ['cents', 'rank'],
};

const fitsShape = (part: unknown, shape: 'rank' | 'text' | 'cents'): boolean =>
  shape === 'text'
    ? typeof part === 'string' && part.length <= 1000 && !part.includes('\u0000')
    : Number.isSafeInteger(part) && (part as number) >= 0;

/**
 * Null unless the cursor is one this API could have issued: a known sort and a key of
 * that sort's arity and types. Checked here, so no forged value ever reaches a store.
 */
export function decodeCursor(cursor: string): PagePosition | null {
  const parts = partsOfCursor(cursor);
  if (parts === null) return null;
  const [sort, ...key] = parts;
  if (!PRODUCT_SORTS.includes(sort as ProductSort)) return null;
  const shape = KEY_SHAPES[sort as ProductSort];
  if (key.length !== shape.length || !shape.every((kind, i) => fitsShape(key[i], kind))) return null;
  return { sort: sort as ProductSort, key: key as (string | number)[] };
}
