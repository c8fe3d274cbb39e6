import { describe, expect, it } from 'vitest';
import { CachedProductRepository } from '../../src/catalog/cached-product.repository.js';
import { MemoryProductRepository } from '../../src/catalog/memory-product.repository.js';
import type { Product } from '../../src/catalog/product.js';
import type { ProductQuery } from '../../src/catalog/product-query.js';
import { ManualClock } from '../../src/shared/clock.js';
import { productFixture } from '../helpers/store-backends.js';

const TTL_MS = 500;
const product = (id: string, overrides: Partial<Product> = {}): Product =>
  productFixture({ id, name: `Produit ${id}`, createdAt: 0, ...overrides });
const firstPage: ProductQuery = { sort: 'oldest', limit: 20, offset: 0 };

/** The table, written directly (as another instance or psql would), and the cache in front of it. */
async function setup() {
  const clock = new ManualClock();
  const table = new MemoryProductRepository();
  for (const id of ['a', 'b']) await table.insert(product(id));
  return { clock, table, cache: new CachedProductRepository(table, TTL_MS, clock) };
}
const priceOf = async (cache: CachedProductRepository, id: string) => (await cache.findById(id))?.priceCents;
const listedPrices = async (cache: CachedProductRepository) =>
  (await cache.search(firstPage)).items.map((p) => p.priceCents);

describe('the catalogue cache of a PostgreSQL instance', () => {
  it('serves a write made behind its back until its TTL has passed, and not after', async () => {
    const { clock, table, cache } = await setup();
    expect(await priceOf(cache, 'a')).toBe(1_000);
    expect(await listedPrices(cache)).toEqual([1_000, 1_000]);
    expect((await cache.findManyByIds(['b'])).get('b')?.priceCents).toBe(1_000);
    await table.update('a', { priceCents: 2_000 });
    await table.update('b', { priceCents: 3_000 });
    clock.advance(TTL_MS - 1);
    expect(await priceOf(cache, 'a')).toBe(1_000);
    expect(await listedPrices(cache)).toEqual([1_000, 1_000]);
    expect((await cache.findManyByIds(['b'])).get('b')?.priceCents).toBe(1_000);
    clock.advance(1);
    expect(await priceOf(cache, 'a')).toBe(2_000);
    expect(await listedPrices(cache)).toEqual([2_000, 3_000]);
    expect((await cache.findManyByIds(['b'])).get('b')?.priceCents).toBe(3_000);
  });

  it('keys pages by the whole query: another filter, order, offset or cursor is another page', async () => {
    const { table, cache } = await setup();
    await table.insert(product('c', { priceCents: 500 }));
    const cheapestFirst = await cache.search({ ...firstPage, sort: 'price' });
    expect(cheapestFirst.items.map((p) => p.id)).toEqual(['c', 'a', 'b']);
    expect((await cache.search({ ...firstPage, offset: 1 })).items.map((p) => p.id)).toEqual(['b', 'c']);
    expect((await cache.search({ ...firstPage, maxPriceCents: 600 })).items.map((p) => p.id)).toEqual(['c']);
    const after = await cache.search({ ...firstPage, limit: 1 });
    const next = after.next ?? undefined;
    expect((await cache.search({ ...firstPage, limit: 1, offset: 0, after: next })).items[0]?.id).toBe('b');
    expect((await cache.search(firstPage)).items.map((p) => p.id)).toEqual(['a', 'b', 'c']);
  });

  it('shows at once what this instance writes through it, and what it reports written elsewhere', async () => {
    const { table, cache } = await setup();
    await cache.search(firstPage);
    await cache.findById('a');
    await cache.update('a', { priceCents: 2_500 });
    expect(await priceOf(cache, 'a')).toBe(2_500);
    expect(await listedPrices(cache)).toEqual([2_500, 1_000]);

    await cache.reserve([{ variantId: 'b', quantity: 2 }]);
    expect((await cache.findById('b'))?.stockQty).toBe(3);
    await cache.release([{ variantId: 'b', quantity: 1 }]);
    expect((await cache.findManyByIds(['b'])).get('b')?.stockQty).toBe(4);
    await cache.insert(product('c'));
    expect((await cache.search(firstPage)).total).toBe(3);

    // A unit of work or a checkout wrote through the table, and said so.
    await table.update('a', { active: false });
    cache.changed();
    expect((await cache.search(firstPage)).items.map((p) => p.id)).toEqual(['b', 'c']);
    expect((await cache.findById('a'))?.active).toBe(false);
  });

  it('hands out copies: a caller changing what it got changes nothing cached', async () => {
    const { cache } = await setup();
    const found = await cache.findById('a');
    if (found) found.priceCents = 1;
    const page = await cache.search(firstPage);
    const [first] = page.items;
    if (first) first.name = 'changé';
    page.items.pop();
    const many = await cache.findManyByIds(['b']);
    const b = many.get('b');
    if (b) b.stockQty = 0;
    expect(await priceOf(cache, 'a')).toBe(1_000);
    expect((await cache.search(firstPage)).items.map((p) => p.name)).toEqual(['Produit a', 'Produit b']);
    expect((await cache.findManyByIds(['b'])).get('b')?.stockQty).toBe(5);
  });

  it('reads the admin’s views from the table, never from the cache', async () => {
    const { table, cache } = await setup();
    await cache.findById('a');
    await table.setVariantStock('a', 1);
    expect((await cache.listAll()).find((p) => p.id === 'a')?.stockQty).toBe(1);
    expect((await cache.summarize(2)).lowStock.map((p) => p.id)).toEqual(['a']);
    await table.insert(product('c'));
    expect((await cache.summarize(0)).total).toBe(3);
  });
});
