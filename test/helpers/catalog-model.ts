import fc from 'fast-check';
import type { Product } from '../../src/catalog/product.js';
import { defaultSku } from '../../src/catalog/variant-rules.js';
import { type Action, type Answer, CUSTOMERS, type Shop } from './shop-model.js';
import { bearer } from './test-app.js';

/**
 * The catalogue commands of the differential test (issue 24): products with sizes and colours,
 * their variants edited and stocked, carts filled by variant, a category tree grown, moved and
 * pruned, and the catalogue searched by category and option. Actions name products, variants
 * and categories by position (ids differ between stores); `relabel` turns every id of a shop
 * into its position, so two shops' answers and states can be compared as they are.
 */

/** A shop that also remembers the categories it made, in the order their creation answered 201. */
export interface CatalogShop extends Shop {
  categories: string[];
}

export const withCategories = (shop: Shop): CatalogShop => ({ ...shop, categories: [] });

const SIZES = ['S', 'M', 'L'];
const COLOURS = ['Blanc', 'Noir'];
/** A small pool, so two products or variants ask for the same SKU or slug now and then. */
const skuOf = (n: number) => `SKU-MODELE-${n}`;
const slugOf = (n: number) => `rayon-${n}`;

type Ref = number;
export type CatalogAction =
  | {
      kind: 'newProduct';
      sizes: string[];
      colours: string[];
      stocks: number[];
      skus: (number | null)[];
      priceCents: number;
      ownPrice: number | null;
      categories: Ref[];
      /** Leaves the last combination unmade (when there are several), for a later `addVariant`. */
      leaveOne: boolean;
    }
  | {
      kind: 'addVariant';
      product: Ref;
      size: string;
      colour: string | null;
      stock: number;
      sku: number | null;
      priceCents: number | null;
      /** Asks for the product's first combination not yet made instead, when there is one. */
      fill: boolean;
    }
  | {
      kind: 'editVariant';
      product: Ref;
      variant: Ref;
      priceCents?: number | null;
      active?: boolean;
      sku?: number;
    }
  | { kind: 'variantStock'; product: Ref; variant: Ref; stock: number }
  | { kind: 'addLine'; customer: number; product: Ref; variant: Ref | null; quantity: number }
  | { kind: 'setLine'; customer: number; product: Ref; variant: Ref; quantity: number }
  | { kind: 'removeLine'; customer: number; product: Ref; variant: Ref }
  | { kind: 'newCategory'; slug: number; parent: Ref | null }
  | { kind: 'moveCategory'; category: Ref; parent: Ref | null }
  | { kind: 'deleteCategory'; category: Ref }
  | { kind: 'putInCategories'; product: Ref; categories: Ref[] }
  | {
      kind: 'search';
      category: Ref | null;
      options: [string, string][];
      inStock: boolean | null;
      sort: string;
    }
  | { kind: 'tree' };

/** Any integer names an element of a non-empty list, wrapping around. */
const at = <T>(list: readonly T[], ref: Ref): T | undefined =>
  list.length === 0 ? undefined : list[((ref % list.length) + list.length) % list.length];

async function productAt(shop: CatalogShop, ref: Ref): Promise<Product | undefined> {
  const id = at(shop.products, ref);
  return id === undefined ? undefined : ((await shop.t.ctx.repos.products.findById(id)) ?? undefined);
}

async function variantAt(shop: CatalogShop, product: Ref, variant: Ref) {
  const found = await productAt(shop, product);
  const chosen = found && at(found.variants, variant);
  return found && chosen ? { product: found, variant: chosen } : undefined;
}

const none: Answer = { statusCode: 0, body: null };

export async function performCatalog(shop: CatalogShop, action: CatalogAction): Promise<Answer> {
  const { app } = shop.t;
  const send = async (
    method: 'GET' | 'POST' | 'PUT' | 'DELETE',
    url: string,
    token: string,
    payload?: object,
  ) => {
    const res = await app.inject({ method, url, headers: bearer(token), ...(payload && { payload }) });
    return { statusCode: res.statusCode, body: res.body ? (res.json() as unknown) : null };
  };
  const customer = 'customer' in action ? (shop.customers[action.customer]?.token ?? '') : '';
  const categoryIds = (refs: Ref[]) => refs.flatMap((ref) => at(shop.categories, ref) ?? []);

  switch (action.kind) {
    case 'newProduct': {
      const colours = action.colours.length > 0 ? action.colours : [null];
      const every = action.sizes.flatMap((size) => colours.map((colour) => ({ size, colour })));
      const combinations = action.leaveOne && every.length > 1 ? every.slice(0, -1) : every;
      const answer = await send('POST', '/api/admin/products', shop.admin, {
        name: `Vêtement ${shop.products.length}`,
        price_cents: action.priceCents,
        options: [
          { name: 'Taille', values: action.sizes },
          ...(action.colours.length > 0 ? [{ name: 'Couleur', values: action.colours }] : []),
        ],
        variants: combinations.map(({ size, colour }, i) => {
          const sku = action.skus[i % action.skus.length];
          return {
            options: { Taille: size, ...(colour !== null && { Couleur: colour }) },
            stock: action.stocks[i % action.stocks.length] ?? 0,
            ...(sku !== undefined && sku !== null && { sku: skuOf(sku) }),
            ...(i === 0 && action.ownPrice !== null && { price_cents: action.ownPrice }),
          };
        }),
        category_ids: categoryIds(action.categories),
      });
      if (answer.statusCode === 201) shop.products.push((answer.body as { id: string }).id);
      return answer;
    }
    case 'addVariant': {
      const product = await productAt(shop, action.product);
      if (!product) return none;
      const asked = { Taille: action.size, ...(action.colour !== null && { Couleur: action.colour }) };
      return send('POST', `/api/admin/products/${product.id}/variants`, shop.admin, {
        options: (action.fill && missingCombination(product)) || asked,
        stock: action.stock,
        ...(action.sku !== null && { sku: skuOf(action.sku) }),
        ...(action.priceCents !== null && { price_cents: action.priceCents }),
      });
    }
    case 'editVariant': {
      const found = await variantAt(shop, action.product, action.variant);
      if (!found) return none;
      return send('PUT', `/api/admin/variants/${found.variant.id}`, shop.admin, {
        ...(action.priceCents !== undefined && { price_cents: action.priceCents }),
        ...(action.active !== undefined && { active: action.active }),
        ...(action.sku !== undefined && { sku: skuOf(action.sku) }),
      });
    }
    case 'variantStock': {
      const found = await variantAt(shop, action.product, action.variant);
      if (!found) return none;
      return send('PUT', `/api/admin/variants/${found.variant.id}/stock`, shop.admin, {
        stock: action.stock,
      });
    }
    case 'addLine': {
      const product = await productAt(shop, action.product);
      if (!product) return none;
      const variant = action.variant === null ? undefined : at(product.variants, action.variant);
      return send('POST', '/api/cart/add', customer, {
        product_id: product.id,
        ...(variant && { variant_id: variant.id }),
        quantity: action.quantity,
      });
    }
    case 'setLine': {
      const found = await variantAt(shop, action.product, action.variant);
      if (!found) return none;
      return send('PUT', `/api/cart/lines/${found.variant.id}`, customer, { quantity: action.quantity });
    }
    case 'removeLine': {
      const found = await variantAt(shop, action.product, action.variant);
      if (!found) return none;
      return send('DELETE', `/api/cart/lines/${found.variant.id}`, customer);
    }
    case 'newCategory': {
      const parent = action.parent === null ? undefined : at(shop.categories, action.parent);
      const answer = await send('POST', '/api/admin/categories', shop.admin, {
        name: `Rayon ${action.slug}`,
        slug: slugOf(action.slug),
        ...(parent && { parent_id: parent }),
      });
      if (answer.statusCode === 201) shop.categories.push((answer.body as { id: string }).id);
      return answer;
    }
    case 'moveCategory': {
      const id = at(shop.categories, action.category);
      if (id === undefined) return none;
      const parent = action.parent === null ? null : (at(shop.categories, action.parent) ?? null);
      return send('PUT', `/api/admin/categories/${id}`, shop.admin, { parent_id: parent });
    }
    case 'deleteCategory': {
      const id = at(shop.categories, action.category);
      if (id === undefined) return none;
      return send('DELETE', `/api/admin/categories/${id}`, shop.admin);
    }
    case 'putInCategories': {
      const product = await productAt(shop, action.product);
      if (!product) return none;
      return send('PUT', `/api/admin/products/${product.id}`, shop.admin, {
        category_ids: categoryIds(action.categories),
      });
    }
    case 'search': {
      const slug =
        action.category === null
          ? undefined
          : ((await categorySlugs(shop)).at(action.category % 8) ?? slugOf(99));
      const query = new URLSearchParams({ sort: action.sort, limit: '3' });
      if (slug !== undefined) query.set('category', slug);
      for (const [name, value] of action.options) query.append('option', `${name}:${value}`);
      if (action.inStock !== null) query.set('in_stock', String(action.inStock));
      return searchPages(shop, query);
    }
    case 'tree':
      return send('GET', '/api/catalog/categories', '');
  }
}

/**
 * Up to three pages of a search, each next one asked with the cursor the page before gave. A
 * cursor holds the store's own position key (PostgreSQL's sequence, memory's rank), so the
 * answer keeps only whether there was one.
 */
async function searchPages(shop: CatalogShop, query: URLSearchParams): Promise<Answer> {
  const pages: unknown[] = [];
  let statusCode = 0;
  for (let cursor: string | null = null; pages.length < 3; ) {
    if (cursor !== null) query.set('cursor', cursor);
    const res = await shop.t.app.inject({ url: `/api/catalog/products?${query}` });
    statusCode = res.statusCode;
    if (statusCode !== 200) return { statusCode, body: res.json() as unknown };
    const { next_cursor: next, ...page } = res.json<{ next_cursor: string | null }>();
    pages.push({ ...page, has_next: next !== null });
    if (next === null) break;
    cursor = next;
  }
  return { statusCode, body: { pages } };
}

/** The first combination of the product's option values that no variant holds, in option order. */
function missingCombination(product: Product): Record<string, string> | null {
  let combinations: Record<string, string>[] = [{}];
  for (const option of product.options)
    combinations = combinations.flatMap((c) =>
      option.values.map((value) => ({ ...c, [option.name]: value })),
    );
  const made = new Set(product.variants.map((v) => JSON.stringify(v.options)));
  return product.options.length === 0
    ? null
    : (combinations.find((c) => !made.has(JSON.stringify(c))) ?? null);
}

async function categorySlugs(shop: CatalogShop): Promise<string[]> {
  const all = await shop.t.ctx.repos.categories.listAll();
  return shop.categories.flatMap((id) => all.find((c) => c.id === id)?.slug ?? []);
}

/**
 * Every id the shop made, mapped to its position: customers `U0`, products `P0`, their variants
 * `P0V1` (and a SKU given by default `P0V1-sku`), categories `C0`, orders `O0`.
 */
export async function labelsOf(shop: CatalogShop): Promise<Map<string, string>> {
  const labels = new Map<string, string>();
  for (const [i, c] of shop.customers.entries()) labels.set(c.userId, `U${i}`);
  const products = await shop.t.ctx.repos.products.findManyByIds(shop.products);
  for (const [i, id] of shop.products.entries()) {
    labels.set(id, `P${i}`);
    for (const [j, variant] of (products.get(id)?.variants ?? []).entries()) {
      labels.set(variant.id, `P${i}V${j}`);
      labels.set(defaultSku(variant.id), `P${i}V${j}-sku`);
    }
  }
  for (const [i, id] of shop.categories.entries()) labels.set(id, `C${i}`);
  for (const [i, order] of shop.orders.entries()) labels.set(order.id, `O${i}`);
  return labels;
}

/** A product's categories come in id order, which differs between stores: compared as sets. */
const UNORDERED = new Set(['categories', 'categoryIds', 'category_ids']);
const byJson = (a: unknown, b: unknown) => (JSON.stringify(a) < JSON.stringify(b) ? -1 : 1);

/** `value` with every string that is a known id replaced by its label, at any depth. */
export function relabel(value: unknown, labels: ReadonlyMap<string, string>): unknown {
  if (typeof value === 'string') return labels.get(value) ?? value;
  if (Array.isArray(value)) return value.map((item) => relabel(item, labels));
  if (value !== null && typeof value === 'object')
    return Object.fromEntries(
      Object.entries(value).map(([key, item]) => {
        const labelled = relabel(item, labels);
        return [key, UNORDERED.has(key) && Array.isArray(labelled) ? [...labelled].sort(byJson) : labelled];
      }),
    );
  return value;
}

const customerRef = fc.integer({ min: 0, max: CUSTOMERS - 1 });
const ref = fc.nat(20);
/** Half the time the newest product (−1), so the variant commands mostly meet one with options. */
const productRef = fc.oneof(fc.constant(-1), ref);
const subsetOf = (values: string[], minLength: number) =>
  fc.subarray(values, { minLength }).map((picked) => values.filter((v) => picked.includes(v)));

const newProduct: fc.Arbitrary<Extract<CatalogAction, { kind: 'newProduct' }>> = fc.record({
  kind: fc.constant('newProduct' as const),
  sizes: subsetOf(SIZES, 1),
  colours: fc.oneof(fc.constant<string[]>([]), subsetOf(COLOURS, 1)),
  stocks: fc.array(fc.integer({ min: 0, max: 4 }), { minLength: 1, maxLength: 3 }),
  skus: fc.array(fc.option(fc.nat(30), { freq: 2 }), { minLength: 1, maxLength: 3 }),
  priceCents: fc.integer({ min: 100, max: 5000 }),
  ownPrice: fc.option(fc.integer({ min: 50, max: 6000 })),
  categories: fc.array(ref, { maxLength: 2 }),
  leaveOne: fc.boolean(),
});

const addVariant: fc.Arbitrary<Extract<CatalogAction, { kind: 'addVariant' }>> = fc.record({
  kind: fc.constant('addVariant' as const),
  product: productRef,
  size: fc.constantFrom('S', 'M', 'L', 'XL'),
  colour: fc.constantFrom(null, null, 'Blanc', 'Noir'),
  stock: fc.integer({ min: 0, max: 4 }),
  sku: fc.option(fc.nat(30), { freq: 2 }),
  priceCents: fc.option(fc.integer({ min: 50, max: 6000 })),
  fill: fc.boolean(),
});

export const catalogActionArbitrary: fc.Arbitrary<CatalogAction> = fc.oneof(
  {
    weight: 3,
    arbitrary: newProduct,
  },
  {
    weight: 2,
    arbitrary: addVariant,
  },
  {
    weight: 3,
    arbitrary: fc.record(
      {
        kind: fc.constant('editVariant' as const),
        product: productRef,
        variant: ref,
        priceCents: fc.option(fc.integer({ min: 50, max: 6000 })),
        active: fc.boolean(),
        sku: fc.nat(12),
      },
      { requiredKeys: ['kind', 'product', 'variant'] },
    ),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('variantStock' as const),
      product: productRef,
      variant: ref,
      stock: fc.integer({ min: 0, max: 6 }),
    }),
  },
  {
    weight: 4,
    arbitrary: fc.record({
      kind: fc.constant('addLine' as const),
      customer: customerRef,
      product: productRef,
      variant: fc.option(ref, { freq: 4 }),
      quantity: fc.integer({ min: 1, max: 3 }),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('setLine' as const),
      customer: customerRef,
      product: productRef,
      variant: ref,
      quantity: fc.integer({ min: 0, max: 3 }),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('removeLine' as const),
      customer: customerRef,
      product: productRef,
      variant: ref,
    }),
  },
  {
    weight: 3,
    arbitrary: fc.record({
      kind: fc.constant('newCategory' as const),
      slug: fc.nat(6),
      parent: fc.option(ref, { freq: 2 }),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('moveCategory' as const),
      category: ref,
      parent: fc.option(ref, { freq: 4 }),
    }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('deleteCategory' as const), category: ref }) },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('putInCategories' as const),
      product: productRef,
      categories: fc.array(ref, { maxLength: 2 }),
    }),
  },
  {
    weight: 3,
    arbitrary: fc.record({
      kind: fc.constant('search' as const),
      category: fc.option(fc.nat(8)),
      options: fc.subarray<[string, string]>([
        ['Taille', 'M'],
        ['Taille', 'S'],
        ['Couleur', 'Noir'],
      ]),
      inStock: fc.option(fc.boolean()),
      sort: fc.constantFrom('oldest', 'price', '-price', 'name'),
    }),
  },
  { weight: 1, arbitrary: fc.constant({ kind: 'tree' as const }) },
);

/** What the differential compares of the catalogue: products with their variants, and the tree. */
export async function observeCatalog(shop: CatalogShop) {
  const { repos } = shop.t.ctx;
  const products = await repos.products.findManyByIds(shop.products);
  return {
    products: shop.products.map((id) => {
      const p = products.get(id);
      return (
        p && {
          id: p.id,
          priceCents: p.priceCents,
          fromPriceCents: p.fromPriceCents,
          stockQty: p.stockQty,
          active: p.active,
          options: p.options,
          categoryIds: p.categoryIds,
          variants: p.variants.map(({ productId: _p, ...variant }) => variant),
        }
      );
    }),
    categories: (await repos.categories.listAll()).filter((c) => shop.categories.includes(c.id)),
    tree: (await shop.t.app.inject({ url: '/api/catalog/categories' })).json() as unknown,
  };
}

/**
 * A clothing product's way from creation to a sale: a category, the product in it, one more
 * variant, an edit, a size in a cart and its checkout, then the catalogue read by that
 * category and size. Random batches alone seldom chain these on one product.
 */
export const catalogJourney: fc.Arbitrary<(Action | CatalogAction)[]> = fc
  .record({
    slug: fc.nat(6),
    product: newProduct,
    extra: addVariant,
    edit: fc.record({ priceCents: fc.option(fc.integer({ min: 50, max: 6000 })), active: fc.boolean() }),
    customer: customerRef,
    variant: ref,
    edited: ref,
    quantity: fc.integer({ min: 1, max: 2 }),
    size: fc.constantFrom('S', 'M', 'L'),
    inStock: fc.option(fc.boolean()),
  })
  .map(
    ({
      slug,
      product,
      extra,
      edit,
      customer,
      variant,
      edited,
      quantity,
      size,
      inStock,
    }): (Action | CatalogAction)[] => [
      { kind: 'newCategory', slug, parent: null },
      { ...product, categories: [-1], leaveOne: true },
      { ...extra, product: -1, fill: true },
      { kind: 'editVariant', product: -1, variant: edited, ...edit },
      // Without a variant: several to choose from answer VARIANT_REQUIRED.
      { kind: 'addLine', customer, product: -1, variant: null, quantity: 1 },
      { kind: 'addLine', customer, product: -1, variant, quantity },
      { kind: 'checkout', customer },
      { kind: 'search', category: -1, options: [['Taille', size]], inStock, sort: 'price' },
      { kind: 'tree' },
      // A fresh leaf, then its deletion (or, when its slug was taken, the newest category's).
      { kind: 'newCategory', slug: slug + 7, parent: -1 },
      { kind: 'deleteCategory', category: -1 },
    ],
  );
