import type { Product, ProductPatch, StockLine } from './product.js';
import type { ProductPage, ProductQuery } from './product-query.js';

/** A refusal names the product; one that exists is named by its name too, for the message. */
export type ReserveOutcome =
  | { ok: true; products: Product[] }
  | { ok: false; reason: 'NOT_FOUND'; productId: string; productName: null }
  | { ok: false; reason: 'INACTIVE' | 'INSUFFICIENT_STOCK'; productId: string; productName: string };

export interface ProductSummary {
  /** Every product, inactive included. */
  total: number;
  /** Active products with fewer than the threshold's units, oldest first. */
  lowStock: Product[];
}

export interface ProductRepository {
  insert(product: Product): Promise<void>;
  findById(id: string): Promise<Product | null>;
  findManyByIds(ids: readonly string[]): Promise<Map<string, Product>>;
  /** One page of the active products matching the query, and how many match in all. */
  search(query: ProductQuery): Promise<ProductPage>;
  /** Oldest first, inactive included. */
  listAll(): Promise<Product[]>;
  update(id: string, patch: ProductPatch): Promise<Product | null>;
  /** The product count and the low-stock list, without loading the catalogue. */
  summarize(lowStockBelow: number): Promise<ProductSummary>;
  /**
   * Takes `quantity` units of every line, or of none: the lines are all checked
   * (exists, active, enough stock) before any is decremented. Returns the products
   * as they were when reserved, for price and name snapshots.
   */
  reserve(lines: readonly StockLine[]): Promise<ReserveOutcome>;
  /** Gives units back (cancel, refund). Products deleted meanwhile are skipped. */
  release(lines: readonly StockLine[]): Promise<void>;
}
