import { describe, expect, it } from 'vitest';
import type { Category } from '../../src/catalog/category.js';
import type { Product, ProductOption, Variant } from '../../src/catalog/product.js';
import type { ProductQuery } from '../../src/catalog/product-query.js';
import {
  backendUnavailable,
  openForSuite,
  productFixture,
  storeBackends,
  variantFixture,
  warnWhenPostgresSkipped,
} from '../helpers/store-backends.js';
import { uid } from '../helpers/uid.js';

/**
 * The variants and categories part of the store contract (issue 24), on memory and PostgreSQL:
 * the refusals leave nothing written, the derived "à partir de" price and stock are the same on
 * both, and the catalogue filters judge options on one variant. Every search is narrowed to a
 * category of its own, so the products other tests insert never count.
 */
warnWhenPostgresSkipped('variants contract');

const SIZES: ProductOption = { name: 'Taille', values: ['S', 'M', 'L'] };
const COLOURS: ProductOption = { name: 'Couleur', values: ['Blanc', 'Noir'] };

interface VariantSpec {
  size: string;
  colour?: string;
  stock?: number;
  price?: number | null;
  active?: boolean;
  sku?: string;
}

/** A clothing product in sizes (and colours when a spec names one), each spec one variant. */
function clothing(specs: VariantSpec[], overrides: Partial<Product> = {}): Product {
  const id = overrides.id ?? uid('p');
  const withColour = specs.some((spec) => spec.colour !== undefined);
  return productFixture({
    id,
    name: 'T-shirt',
    priceCents: 2000,
    options: withColour ? [SIZES, COLOURS] : [SIZES],
    variants: specs.map((spec) =>
      variantFixture({
        productId: id,
        options: { Taille: spec.size, ...(spec.colour !== undefined && { Couleur: spec.colour }) },
        stockQty: spec.stock ?? 5,
        priceCents: spec.price ?? null,
        active: spec.active ?? true,
        ...(spec.sku !== undefined && { sku: spec.sku }),
      }),
    ),
    ...overrides,
  });
}

const variantOf = (product: Product | null | undefined, size: string, colour?: string): Variant => {
  const found = product?.variants.find(
    (v) => v.options.Taille === size && (colour === undefined || v.options.Couleur === colour),
  );
  if (!found) throw new Error(`no variant ${size} ${colour ?? ''}`);
  return found;
};

describe.each(storeBackends)('%s store: variants and categories', (name, open) => {
  const skip = backendUnavailable(name);
  const stores = openForSuite(name, open);
  const products = () => stores().repos.products;
  const categories = () => stores().repos.categories;

  const category = async (overrides: Partial<Category> = {}): Promise<Category> => {
    const id = uid('c');
    const made: Category = {
      id,
      name: `Catégorie ${id}`,
      slug: id,
      parentId: null,
      position: 0,
      ...overrides,
    };
    expect(await categories().insert(made)).toEqual({ ok: true, category: made });
    return made;
  };
  const inserted = async (product: Product): Promise<Product> => {
    const outcome = await products().insert(product);
    if (!outcome.ok) throw new Error(`insert refused: ${outcome.reason}`);
    return outcome.product;
  };
  /** The ids of one page of `categoryId`'s listed products, with the query's other fields. */
  const search = (categoryId: string, query: Partial<ProductQuery> = {}) =>
    products().search({ categoryIds: [categoryId], sort: 'oldest', limit: 50, offset: 0, ...query });
  const idsOf = async (categoryId: string, query: Partial<ProductQuery> = {}) =>
    (await search(categoryId, query)).items.map((p) => p.id);

  it.skipIf(skip)(
    'stores a product with several variants, in order, with its derived price and stock',
    async () => {
      const c = await category();
      const shirt = clothing(
        [
          { size: 'S', colour: 'Blanc', stock: 3 },
          { size: 'M', colour: 'Noir', stock: 4, price: 1800 },
          { size: 'L', colour: 'Blanc', stock: 0, price: 2500 },
        ],
        { categoryIds: [c.id] },
      );
      const answered = await inserted(shirt);
      const read = await products().findById(shirt.id);
      expect(read).toEqual(answered);
      expect(read?.options).toEqual([SIZES, COLOURS]);
      expect(read?.variants.map((v) => [v.sku, v.options, v.priceCents, v.stockQty, v.active])).toEqual(
        shirt.variants.map((v) => [v.sku, v.options, v.priceCents, v.stockQty, true]),
      );
      expect(read?.variants.every((v) => v.productId === shirt.id)).toBe(true);
      expect(read).toMatchObject({
        priceCents: 2000,
        fromPriceCents: 1800,
        stockQty: 7,
        categoryIds: [c.id],
      });
    },
  );

  it.skipIf(skip)('refuses a SKU another product holds, and a SKU given twice, writing nothing', async () => {
    const first = await inserted(clothing([{ size: 'S' }]));
    const taken = variantOf(first, 'S').sku;
    const freeSku = uid('sku');
    const thief = clothing([
      { size: 'S', sku: freeSku },
      { size: 'M', sku: taken },
    ]);
    expect(await products().insert(thief)).toEqual({ ok: false, reason: 'SKU_TAKEN' });
    expect(await products().findById(thief.id)).toBeNull();
    expect((await products().findByVariantIds(thief.variants.map((v) => v.id))).size).toBe(0);
    const twice = clothing([
      { size: 'S', sku: freeSku },
      { size: 'M', sku: freeSku },
    ]);
    expect(await products().insert(twice)).toEqual({ ok: false, reason: 'SKU_TAKEN' });
    expect(await products().findById(twice.id)).toBeNull();
    // The refused inserts kept none of their SKUs: the free one is still free.
    expect((await products().insert(clothing([{ size: 'S', sku: freeSku }]))).ok).toBe(true);

    const other = await inserted(clothing([{ size: 'S' }]));
    const added = variantFixture({ productId: other.id, options: { Taille: 'M' }, sku: taken });
    expect(await products().addVariant(added)).toEqual({ ok: false, reason: 'SKU_TAKEN' });
    const renamed = await products().updateVariant(variantOf(other, 'S').id, { sku: taken, priceCents: 1 });
    expect(renamed).toEqual({ ok: false, reason: 'SKU_TAKEN' });
    expect(await products().findById(other.id), 'neither the add nor the rename wrote anything').toEqual(
      other,
    );
    expect((await products().findByVariantIds([added.id])).size).toBe(0);
    // A variant keeping its own SKU is no conflict.
    const same = await products().updateVariant(variantOf(other, 'S').id, { sku: variantOf(other, 'S').sku });
    expect(same.ok).toBe(true);
  });

  it.skipIf(skip)(
    'refuses a second variant of one combination, whatever the order of its options',
    async () => {
      const twin = clothing([
        { size: 'S', colour: 'Blanc' },
        { size: 'M', colour: 'Blanc' },
      ]);
      const [, second] = twin.variants;
      if (second) second.options = { Couleur: 'Blanc', Taille: 'S' };
      expect(await products().insert(twin)).toEqual({ ok: false, reason: 'COMBINATION_TAKEN' });
      expect(await products().findById(twin.id)).toBeNull();

      const shirt = await inserted(clothing([{ size: 'S', colour: 'Blanc' }]));
      const again = variantFixture({ productId: shirt.id, options: { Couleur: 'Blanc', Taille: 'S' } });
      expect(await products().addVariant(again)).toEqual({ ok: false, reason: 'COMBINATION_TAKEN' });
      expect(await products().findById(shirt.id)).toEqual(shirt);
      // The same combination on another product is no conflict.
      const elsewhere = await inserted(clothing([{ size: 'S', colour: 'Blanc' }]));
      expect(elsewhere.variants).toHaveLength(1);
      const fresh = variantFixture({ productId: shirt.id, options: { Taille: 'M', Couleur: 'Noir' } });
      const grown = await products().addVariant(fresh);
      expect(grown.ok && grown.product.variants.map((v) => v.id)).toEqual([
        variantOf(shirt, 'S').id,
        fresh.id,
      ]);
      expect(await products().addVariant(variantFixture({ productId: 'no-such-product' }))).toEqual({
        ok: false,
        reason: 'NOT_FOUND',
      });
    },
  );

  it.skipIf(skip)('refuses an unknown category on insert and on update, writing nothing', async () => {
    const c = await category();
    const lost = clothing([{ size: 'S' }], { categoryIds: [c.id, 'no-such-category'] });
    expect(await products().insert(lost)).toEqual({ ok: false, reason: 'CATEGORY_NOT_FOUND' });
    expect(await products().findById(lost.id)).toBeNull();
    expect(await idsOf(c.id)).toEqual([]);
    expect((await products().countListed(new Map([[c.id, [c.id]]]))).get(c.id)).toBe(0);
    // Its SKU went with it.
    const sku = lost.variants[0]?.sku;
    expect((await products().insert(clothing([{ size: 'S', ...(sku && { sku }) }]))).ok).toBe(true);

    const kept = await inserted(clothing([{ size: 'S' }], { categoryIds: [c.id] }));
    const moved = await products().update(kept.id, { categoryIds: ['no-such-category'], name: 'Renommé' });
    expect(moved).toEqual({ ok: false, reason: 'CATEGORY_NOT_FOUND' });
    expect(await products().findById(kept.id)).toEqual(kept);
    expect(await idsOf(c.id)).toEqual([kept.id]);
    expect(await products().update('no-such-product', { name: 'x' })).toEqual({
      ok: false,
      reason: 'NOT_FOUND',
    });
  });

  it.skipIf(skip)('finds products by their variants, each variant mapped to its own product', async () => {
    const a = await inserted(clothing([{ size: 'S' }, { size: 'M' }]));
    const b = await inserted(clothing([{ size: 'L' }]));
    const wanted = [variantOf(a, 'S').id, variantOf(a, 'M').id, variantOf(b, 'L').id, 'no-such-variant'];
    const found = await products().findByVariantIds(wanted);
    expect([...found.keys()].sort()).toEqual(wanted.slice(0, 3).sort());
    expect(found.get(variantOf(a, 'S').id)).toEqual(a);
    expect(found.get(variantOf(a, 'M').id)).toEqual(a);
    expect(found.get(variantOf(b, 'L').id)).toEqual(b);
    expect((await products().findByVariantIds([])).size).toBe(0);
  });

  it.skipIf(skip)(
    'updates only the variant fields named, never the stock, a null price falling back',
    async () => {
      const shirt = await inserted(
        clothing([
          { size: 'S', stock: 4 },
          { size: 'M', stock: 6, price: 2500 },
        ]),
      );
      const s = variantOf(shirt, 'S');
      const m = variantOf(shirt, 'M');
      expect(await products().reserve([{ variantId: s.id, quantity: 3 }])).toMatchObject({ ok: true });

      const priced = await products().updateVariant(s.id, { priceCents: 1500 });
      expect(priced.ok && variantOf(priced.product, 'S')).toEqual({ ...s, priceCents: 1500, stockQty: 1 });
      expect(priced.ok && priced.product).toMatchObject({ fromPriceCents: 1500, stockQty: 7 });

      const renamed = await products().updateVariant(s.id, { sku: `${s.sku}-bis` });
      expect(renamed.ok && variantOf(renamed.product, 'S')).toEqual({
        ...s,
        sku: `${s.sku}-bis`,
        priceCents: 1500,
        stockQty: 1,
      });
      const off = await products().updateVariant(m.id, { active: false });
      expect(off.ok && variantOf(off.product, 'M')).toEqual({ ...m, active: false });
      expect(off.ok && off.product).toMatchObject({ fromPriceCents: 1500, stockQty: 1 });

      const back = await products().updateVariant(s.id, { priceCents: null });
      expect(back.ok && variantOf(back.product, 'S').priceCents).toBeNull();
      expect(back.ok && back.product.fromPriceCents, 'a null price sells at the product’s').toBe(2000);
      const reserved = await products().reserve([{ variantId: s.id, quantity: 1 }]);
      expect(reserved.ok && reserved.reserved[0]?.unitPriceCents).toBe(2000);
      // The product's price moves the variants that have none of their own.
      const cheaper = await products().update(shirt.id, { priceCents: 1200 });
      expect(cheaper.ok && cheaper.product).toMatchObject({
        priceCents: 1200,
        fromPriceCents: 1200,
        stockQty: 0,
      });
      expect(await products().findById(shirt.id)).toEqual(cheaper.ok && cheaper.product);
      expect(await products().updateVariant('no-such-variant', { active: false })).toEqual({
        ok: false,
        reason: 'NOT_FOUND',
      });
    },
  );

  it.skipIf(skip)(
    'derives the price "à partir de" and the stock from the active variants alone',
    async () => {
      const c = await category();
      const shirt = await inserted(
        clothing(
          [
            { size: 'S', stock: 2, price: 900, active: false },
            { size: 'M', stock: 3, price: 2600 },
            { size: 'L', stock: 4 },
          ],
          { categoryIds: [c.id] },
        ),
      );
      expect(shirt).toMatchObject({ fromPriceCents: 2000, stockQty: 7 });
      const stocked = await products().setVariantStock(variantOf(shirt, 'L').id, 10);
      expect(stocked).toMatchObject({ fromPriceCents: 2000, stockQty: 13 });
      expect(await products().findById(shirt.id)).toEqual(stocked);
      expect(await products().setVariantStock('no-such-variant', 1)).toBeNull();

      const on = await products().updateVariant(variantOf(shirt, 'S').id, { active: true });
      expect(on.ok && on.product).toMatchObject({ fromPriceCents: 900, stockQty: 15 });
      for (const v of shirt.variants) await products().updateVariant(v.id, { active: false });
      const none = await products().findById(shirt.id);
      expect(none, 'no active variant: the product’s own price and no stock').toMatchObject({
        fromPriceCents: 2000,
        stockQty: 0,
      });
      expect(await idsOf(c.id), 'a product with no active variant is not listed').toEqual([]);
      expect((await products().countListed(new Map([[c.id, [c.id]]]))).get(c.id)).toBe(0);
      expect(await products().findById(shirt.id)).not.toBeNull();
    },
  );

  it.skipIf(skip)('searches by category, any of the ids given', async () => {
    const [tops, bottoms, other] = [await category(), await category(), await category()];
    const shirt = await inserted(clothing([{ size: 'S' }], { categoryIds: [tops.id] }));
    const jeans = await inserted(clothing([{ size: 'M' }], { categoryIds: [bottoms.id, other.id] }));
    await inserted(clothing([{ size: 'M' }], { categoryIds: [tops.id], active: false }));
    const both = await products().search({
      categoryIds: [tops.id, bottoms.id, other.id],
      sort: 'oldest',
      limit: 10,
      offset: 0,
    });
    expect(
      both.items.map((p) => p.id),
      'a product in two of them comes once',
    ).toEqual([shirt.id, jeans.id]);
    expect(both.total).toBe(2);
    expect(await idsOf(tops.id)).toEqual([shirt.id]);
    expect(await idsOf(other.id)).toEqual([jeans.id]);
    const moved = await products().update(shirt.id, { categoryIds: [other.id] });
    expect(moved.ok && moved.product.categoryIds).toEqual([other.id]);
    expect(await idsOf(tops.id)).toEqual([]);
    expect(await idsOf(other.id)).toEqual([shirt.id, jeans.id]);
  });

  it.skipIf(skip)(
    'matches options only when one variant holds them all, stock judged on that variant',
    async () => {
      const c = await category();
      const [white, black] = [
        { Taille: 'M', Couleur: 'Blanc' },
        { Taille: 'M', Couleur: 'Noir' },
      ];
      // M only in white and sold out; black only in L.
      const split = await inserted(
        clothing(
          [
            { size: 'M', colour: 'Blanc', stock: 0 },
            { size: 'L', colour: 'Noir', stock: 5 },
          ],
          { categoryIds: [c.id] },
        ),
      );
      const whole = await inserted(
        clothing(
          [
            { size: 'M', colour: 'Noir', stock: 2 },
            { size: 'S', colour: 'Blanc', stock: 0 },
          ],
          { categoryIds: [c.id] },
        ),
      );
      // M Noir exists but is inactive.
      const hidden = await inserted(
        clothing(
          [
            { size: 'M', colour: 'Noir', stock: 9, active: false },
            { size: 'S', colour: 'Noir', stock: 9 },
          ],
          { categoryIds: [c.id] },
        ),
      );
      expect(await idsOf(c.id, { options: black })).toEqual([whole.id]);
      expect(await idsOf(c.id, { options: white })).toEqual([split.id]);
      expect(await idsOf(c.id, { options: { Taille: 'M' } })).toEqual([split.id, whole.id]);
      expect(await idsOf(c.id, { options: { Couleur: 'Noir' } })).toEqual([split.id, whole.id, hidden.id]);
      expect(await idsOf(c.id, { options: { Taille: 'XL' } })).toEqual([]);
      expect(await idsOf(c.id, { options: { Pointure: 'M' } })).toEqual([]);

      expect(await idsOf(c.id, { options: { Taille: 'M' }, inStock: true })).toEqual([whole.id]);
      expect(await idsOf(c.id, { options: { Taille: 'M' }, inStock: false })).toEqual([split.id]);
      expect(await idsOf(c.id, { options: white, inStock: true })).toEqual([]);
      expect(await idsOf(c.id, { options: { Taille: 'S' }, inStock: true })).toEqual([hidden.id]);
      // Without options, stock is the product's: any active variant with units.
      expect(await idsOf(c.id, { inStock: true })).toEqual([split.id, whole.id, hidden.id]);
      await products().setVariantStock(variantOf(split, 'L').id, 0);
      expect(await idsOf(c.id, { inStock: true })).toEqual([whole.id, hidden.id]);
      expect(await idsOf(c.id, { inStock: false })).toEqual([split.id]);
      const page = await search(c.id, { options: { Taille: 'M' }, inStock: true });
      expect(page.total).toBe(1);
    },
  );

  it.skipIf(skip)('filters and sorts prices on the price "à partir de", and pages by cursor', async () => {
    const c = await category();
    // Product prices 5000, 1000, 3000, 2000, 4000; the first sells a variant at 1500.
    const made: Product[] = [];
    for (const [i, price] of [5000, 1000, 3000, 2000, 4000].entries()) {
      made.push(
        await inserted(
          clothing(i === 0 ? [{ size: 'S', price: 1500 }, { size: 'M' }] : [{ size: 'S' }], {
            priceCents: price,
            categoryIds: [c.id],
          }),
        ),
      );
    }
    const [a, b, cc, d, e] = made.map((p) => p.id);
    expect(await idsOf(c.id, { maxPriceCents: 1500 })).toEqual([a, b]);
    expect(await idsOf(c.id, { minPriceCents: 1600 })).toEqual([cc, d, e]);
    expect(await idsOf(c.id, { minPriceCents: 1500, maxPriceCents: 3000 })).toEqual([a, cc, d]);
    expect(await idsOf(c.id, { sort: 'price' })).toEqual([b, a, d, cc, e]);
    expect(await idsOf(c.id, { sort: '-price' })).toEqual([e, cc, d, a, b]);

    // The variant's price moving moves the product in the order and the filters.
    await products().updateVariant(made[0]?.variants[0]?.id ?? '', { priceCents: 3500 });
    expect(await idsOf(c.id, { sort: 'price' })).toEqual([b, d, cc, a, e]);
    expect(await idsOf(c.id, { maxPriceCents: 1500 })).toEqual([b]);

    const pages: string[][] = [];
    let after: ProductQuery['after'];
    for (;;) {
      const page = await search(c.id, { sort: 'price', limit: 2, ...(after && { after }) });
      expect(page.total).toBe(5);
      pages.push(page.items.map((p) => p.id));
      if (!page.next) break;
      after = page.next;
    }
    expect(pages).toEqual([[b, d], [cc, a], [e]]);
    const withOffset = await search(c.id, { sort: 'price', limit: 2, offset: 3 });
    expect(withOffset.items.map((p) => p.id)).toEqual([a, e]);
  });

  it.skipIf(skip)('counts listed products per group of categories, each product once per group', async () => {
    const [root, left, right, empty] = [
      await category(),
      await category(),
      await category(),
      await category(),
    ];
    await inserted(clothing([{ size: 'S' }], { categoryIds: [left.id, right.id] }));
    await inserted(clothing([{ size: 'S' }], { categoryIds: [left.id] }));
    await inserted(clothing([{ size: 'S' }], { categoryIds: [root.id] }));
    await inserted(clothing([{ size: 'S' }], { categoryIds: [right.id], active: false }));
    await inserted(clothing([{ size: 'S', active: false }], { categoryIds: [right.id] }));
    const groups = new Map([
      [root.id, [root.id, left.id, right.id]],
      [left.id, [left.id]],
      [right.id, [right.id]],
      [empty.id, [empty.id]],
      ['no-categories', []],
    ]);
    const counts = await products().countListed(groups);
    expect(Object.fromEntries(counts)).toEqual({
      [root.id]: 3,
      [left.id]: 2,
      [right.id]: 1,
      [empty.id]: 0,
      'no-categories': 0,
    });
  });

  it.skipIf(skip)('categories: a slug once, a parent that exists, no loop', async () => {
    const top = await category({ name: 'Hauts' });
    const mid = await category({ parentId: top.id, position: 2 });
    const low = await category({ parentId: mid.id });
    expect(await categories().insert({ ...top, id: uid('c') })).toEqual({ ok: false, reason: 'SLUG_TAKEN' });
    expect(
      await categories().insert({
        id: uid('c'),
        name: 'x',
        slug: uid('s'),
        parentId: 'no-such',
        position: 0,
      }),
    ).toEqual({ ok: false, reason: 'PARENT_NOT_FOUND' });
    expect(await categories().update(low.id, { slug: top.slug })).toEqual({
      ok: false,
      reason: 'SLUG_TAKEN',
    });
    expect(await categories().update(low.id, { slug: low.slug, name: 'Bas' })).toEqual({
      ok: true,
      category: { ...low, name: 'Bas' },
    });
    expect(await categories().update(low.id, { parentId: 'no-such' })).toEqual({
      ok: false,
      reason: 'PARENT_NOT_FOUND',
    });
    for (const parentId of [top.id, mid.id, low.id]) {
      expect(await categories().update(top.id, { parentId }), `top under ${parentId}`).toEqual({
        ok: false,
        reason: 'CYCLE',
      });
    }
    expect(await categories().update('no-such', { parentId: top.id })).toEqual({
      ok: false,
      reason: 'NOT_FOUND',
    });
    expect(await categories().update('no-such', { name: 'x' })).toEqual({ ok: false, reason: 'NOT_FOUND' });
    // Refusals wrote nothing: the tree is as it was, then a legal move is kept.
    const all = async () =>
      (await categories().listAll()).filter((x) => [top.id, mid.id, low.id].includes(x.id));
    expect(await all()).toEqual([top, mid, { ...low, name: 'Bas' }]);
    expect(await categories().update(low.id, { parentId: null, position: 5 })).toEqual({
      ok: true,
      category: { ...low, name: 'Bas', parentId: null, position: 5 },
    });
    expect(await categories().update(top.id, { parentId: low.id })).toMatchObject({ ok: true });
    expect(await categories().update(low.id, { parentId: mid.id })).toEqual({ ok: false, reason: 'CYCLE' });
  });

  it.skipIf(skip)('categories: deleted only without children and without products', async () => {
    const parent = await category();
    const child = await category({ parentId: parent.id });
    const used = await category();
    const product = await inserted(clothing([{ size: 'S' }], { categoryIds: [used.id] }));
    expect(await categories().delete(parent.id)).toBe('HAS_CHILDREN');
    expect(await categories().delete(used.id)).toBe('HAS_PRODUCTS');
    expect(await categories().delete('no-such')).toBe('NOT_FOUND');
    // An inactive product still sits in its category.
    await products().update(product.id, { active: false });
    expect(await categories().delete(used.id)).toBe('HAS_PRODUCTS');
    await products().update(product.id, { categoryIds: [] });
    expect(await categories().delete(used.id)).toBe('DELETED');
    expect(await categories().delete(child.id)).toBe('DELETED');
    expect(await categories().delete(parent.id)).toBe('DELETED');
    const left = (await categories().listAll()).map((x) => x.id);
    for (const id of [parent.id, child.id, used.id]) expect(left).not.toContain(id);
    expect(await products().update(product.id, { categoryIds: [used.id] })).toEqual({
      ok: false,
      reason: 'CATEGORY_NOT_FOUND',
    });
    expect(await categories().insert({ ...child, id: uid('c'), parentId: parent.id })).toEqual({
      ok: false,
      reason: 'PARENT_NOT_FOUND',
    });
  });
});
