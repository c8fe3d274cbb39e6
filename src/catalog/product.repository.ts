import type {
  NewProduct,
  OptionValues,
  Product,
  ProductPatch,
  StockLine,
  Variant,
  VariantPatch,
} from './product.js';
import type { ProductPage, ProductQuery } from './product-query.js';

/** A refusal names the variant and, when it exists, its product and options, for the message. */
export type ReserveOutcome =
  | { ok: true; reserved: ReservedVariant[] }
  | { ok: false; reason: 'NOT_FOUND'; variantId: string; productName: null; options: null }
  | {
      ok: false;
      reason: 'INACTIVE' | 'INSUFFICIENT_STOCK';
      variantId: string;
      productName: string;
      options: OptionValues;
    };

export type ReserveRefusal = Extract<ReserveOutcome, { ok: false }>;

/**
 * Why `quantity` units of the variant cannot be reserved, or null when they can: its product
 * and it exist and are active, and it holds the units. Both stores decide by it (PostgreSQL's
 * reserving statements state it once more in SQL, held to the same answers by the contract).
 */
export function refusalToReserve(
  product: Pick<Product, 'name' | 'active' | 'variants'> | undefined,
  variantId: string,
  quantity: number,
): ReserveRefusal | null {
  const variant = product?.variants.find((v) => v.id === variantId);
  if (!product || !variant)
    return { ok: false, reason: 'NOT_FOUND', variantId, productName: null, options: null };
  const named = { variantId, productName: product.name, options: { ...variant.options } };
  if (!product.active || !variant.active) return { ok: false, reason: 'INACTIVE', ...named };
  if (variant.stockQty < quantity) return { ok: false, reason: 'INSUFFICIENT_STOCK', ...named };
  return null;
}

/** A variant as it was when reserved, with what an order line snapshots of its product. */
export interface ReservedVariant {
  product: Pick<Product, 'id' | 'name' | 'imageUrl'>;
  variant: Variant;
  /** The price it sold at: its own, else the product's. */
  unitPriceCents: number;
}

/** A write that a unique SKU, a unique combination or a known category can refuse. */
export type ProductWriteOutcome =
  | { ok: true; product: Product }
  | { ok: false; reason: 'NOT_FOUND' | 'SKU_TAKEN' | 'COMBINATION_TAKEN' | 'CATEGORY_NOT_FOUND' };

export interface LowStockVariant {
  product: Product;
  variant: Variant;
}

export interface ProductSummary {
  /** Every product, inactive included. */
  total: number;
  /** Listed products with an active variant under the threshold, oldest first. */
  lowStock: Product[];
  /** Those variants, in the same order. */
  lowStockVariants: LowStockVariant[];
}

export interface ProductRepository {
  /** Stores the product with its variants and categories, all or nothing. */
  insert(product: NewProduct): Promise<ProductWriteOutcome>;
  findById(id: string): Promise<Product | null>;
  findManyByIds(ids: readonly string[]): Promise<Map<string, Product>>;
  /** The variant's product, the variant among its variants. */
  findByVariantIds(variantIds: readonly string[]): Promise<Map<string, Product>>;
  /** One page of the listed products matching the query, and how many match in all. */
  search(query: ProductQuery): Promise<ProductPage>;
  /** Oldest first, inactive included. */
  listAll(): Promise<Product[]>;
  /** Writes only the fields the patch names; `categoryIds` replaces the product's categories. */
  update(id: string, patch: ProductPatch): Promise<ProductWriteOutcome>;
  addVariant(variant: Variant): Promise<ProductWriteOutcome>;
  /** NOT_FOUND names the variant. Writes only the fields the patch names, never the stock. */
  updateVariant(variantId: string, patch: VariantPatch): Promise<ProductWriteOutcome>;
  /** Sets the variant's stock; null when the variant does not exist. */
  setVariantStock(variantId: string, stockQty: number): Promise<Product | null>;
  /** The product count and the low-stock lists, without loading the catalogue. */
  summarize(lowStockBelow: number): Promise<ProductSummary>;
  /** Per group of categories (a category and its descendants), how many listed products sit in any of them. */
  countListed(groups: ReadonlyMap<string, readonly string[]>): Promise<Map<string, number>>;
  /**
   * Takes `quantity` units of every line's variant, or of none: the lines are all checked
   * (variant exists, it and its product active, enough stock) before any is decremented.
   * Returns the variants as they were when reserved, in the order of the lines.
   */
  reserve(lines: readonly StockLine[]): Promise<ReserveOutcome>;
  /** Gives units back (cancel, refund). Variants deleted meanwhile are skipped. */
  release(lines: readonly StockLine[]): Promise<void>;
}
