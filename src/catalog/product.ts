/** One axis a product varies on, its values in the order the shop shows them: `Taille`: XS S M L XL. */
export interface ProductOption {
  name: string;
  values: string[];
}

/** A variant's value for each of its product's options: `{ Taille: 'M', Couleur: 'Noir' }`. */
export type OptionValues = Record<string, string>;

/** One thing the shop sells and counts: a combination of option values, with its own SKU and stock. */
export interface Variant {
  id: string;
  productId: string;
  sku: string;
  options: OptionValues;
  /** Its own price; null sells at the product's. */
  priceCents: number | null;
  stockQty: number;
  active: boolean;
}

export interface Product {
  id: string;
  name: string;
  description: string;
  /** The product's own price, which every variant without a price of its own sells at. */
  priceCents: number;
  active: boolean;
  imageUrl: string | null;
  createdAt: number;
  options: ProductOption[];
  /** In creation order, inactive ones included; a product without options has exactly one. */
  variants: Variant[];
  categoryIds: string[];
  /** Derived on every read (`withTotals`), never stored: the lowest active variant's price, "à partir de". */
  fromPriceCents: number;
  /** Derived on every read: the units of the active variants. */
  stockQty: number;
}

/** What a store is given to keep: the derived fields are the store's to compute. */
export type NewProduct = Omit<Product, 'fromPriceCents' | 'stockQty'>;

/** What an edit of the product itself may change: its variants and options have their own writes. */
export type ProductPatch = Partial<
  Pick<Product, 'name' | 'description' | 'priceCents' | 'active' | 'imageUrl' | 'categoryIds'>
>;

export type VariantPatch = Partial<Pick<Variant, 'sku' | 'priceCents' | 'active'>>;

export interface StockLine {
  variantId: string;
  quantity: number;
}

export const variantPriceCents = (product: Pick<Product, 'priceCents'>, variant: Variant): number =>
  variant.priceCents ?? product.priceCents;

export const activeVariants = (product: Pick<Product, 'variants'>): Variant[] =>
  product.variants.filter((variant) => variant.active);

/**
 * The rule behind `fromPriceCents` and `stockQty`, in one place for the memory store and the
 * readers (PostgreSQL states it once more in SQL, held to the same answers by the store contract):
 * with no active variant, the product's own price and no stock.
 */
export function withTotals(product: NewProduct): Product {
  let fromPriceCents = Number.POSITIVE_INFINITY;
  let stockQty = 0;
  for (const variant of product.variants) {
    if (!variant.active) continue;
    fromPriceCents = Math.min(fromPriceCents, variantPriceCents(product, variant));
    stockQty += variant.stockQty;
  }
  return {
    ...product,
    fromPriceCents: Number.isFinite(fromPriceCents) ? fromPriceCents : product.priceCents,
    stockQty,
  };
}

/** Sold in the catalogue: active, with at least one active variant. */
export const isListed = (product: Pick<Product, 'active' | 'variants'>): boolean =>
  product.active && product.variants.some((variant) => variant.active);

/** "Taille : M, Couleur : Noir", in the product's option order; empty for a product without options. */
export function describeOptions(options: OptionValues): string {
  return Object.entries(options)
    .map(([name, value]) => `${name} : ${value}`)
    .join(', ');
}

/** The name a message gives a variant: the product's, with its options when it has some. */
export function variantLabel(productName: string, options: OptionValues): string {
  const described = describeOptions(options);
  return described === '' ? productName : `${productName} (${described})`;
}

/** Quantities per variant, lines for the same variant added up. */
export function totalsByVariant(lines: readonly StockLine[]): Map<string, number> {
  const totals = new Map<string, number>();
  for (const { variantId, quantity } of lines) totals.set(variantId, (totals.get(variantId) ?? 0) + quantity);
  return totals;
}

/** Deep enough copies that a caller never edits what a store holds. */
export const copyVariant = (variant: Variant): Variant => ({ ...variant, options: { ...variant.options } });

export const copyProduct = (product: Product): Product => ({
  ...product,
  options: product.options.map((option) => ({ ...option, values: [...option.values] })),
  variants: product.variants.map(copyVariant),
  categoryIds: [...product.categoryIds],
});
