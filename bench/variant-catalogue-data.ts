/**
 * The clothing catalogue of issue 24's bench, one description for both stores: 100,000 products
 * in five sizes each (500,000 variants) in 200 categories, a tree of 10 roots with 19 children
 * each. Product i sits in child i mod 190; one M in four is sold out, one product in ten is
 * inactive, one XL in eight is off sale, and one M in three has a price of its own.
 */
export const VARIANT_BENCH = {
  products: Number(process.env.BENCH_VARIANT_PRODUCTS ?? 100_000),
  roots: 10,
  childrenPerRoot: 19,
  sizes: ['XS', 'S', 'M', 'L', 'XL'] as const,
};

export const leafCount = () => VARIANT_BENCH.roots * VARIANT_BENCH.childrenPerRoot;
export const rootSlug = (r: number) => `rayon-${r}`;
export const childSlug = (r: number, c: number) => `rayon-${r}-${c}`;

/** The page measured: a root (its 19 children's products, about 10,000), size M in stock, 20 of them. */
export const VARIANT_QUERY = `/api/catalog/products?category=${rootSlug(3)}&option=Taille:M&in_stock=true&limit=20`;

/** The root and child of leaf `leaf` (0 … 189). */
export const leafOf = (leaf: number) => ({
  root: Math.floor(leaf / VARIANT_BENCH.childrenPerRoot),
  child: leaf % VARIANT_BENCH.childrenPerRoot,
});

export interface BenchVariant {
  size: (typeof VARIANT_BENCH.sizes)[number];
  stockQty: number;
  priceCents: number | null;
  active: boolean;
}

export const productPriceCents = (i: number) => 900 + ((i * 7919) % 9000);
export const productActive = (i: number) => i % 10 !== 9;

export function benchVariants(i: number): BenchVariant[] {
  return VARIANT_BENCH.sizes.map((size, k) => ({
    size,
    stockQty: size === 'M' && i % 4 === 0 ? 0 : (i * 13 + k * 7) % 30,
    priceCents: size === 'M' && i % 3 === 0 ? productPriceCents(i) + 200 : null,
    active: !(size === 'XL' && i % 8 === 0),
  }));
}
