import { beforeEach, describe, expect, it } from 'vitest';
import { MemoryProductRepository } from '../../src/catalog/memory-product.repository.js';
import type { Product } from '../../src/catalog/product.js';
import { productFixture } from '../helpers/store-backends.js';

const product = (id: string, stockQty: number, active = true): Product =>
  productFixture({ id, name: `Produit ${id}`, stockQty, active, createdAt: 0 });

let repo: MemoryProductRepository;
beforeEach(async () => {
  repo = new MemoryProductRepository();
  await repo.insert(product('a', 5));
  await repo.insert(product('b', 1));
  await repo.insert(product('off', 10, false));
});

const stockOf = async (id: string) => (await repo.findById(id))?.stockQty;

describe('MemoryProductRepository.reserve', () => {
  it('takes every line when all are available', async () => {
    const outcome = await repo.reserve([
      { variantId: 'a', quantity: 2 },
      { variantId: 'b', quantity: 1 },
    ]);
    expect(outcome.ok).toBe(true);
    expect(await stockOf('a')).toBe(3);
    expect(await stockOf('b')).toBe(0);
  });

  it.each([
    [
      [
        { variantId: 'a', quantity: 2 },
        { variantId: 'b', quantity: 2 },
      ],
      'INSUFFICIENT_STOCK',
      'b',
    ],
    [
      [
        { variantId: 'a', quantity: 1 },
        { variantId: 'ghost', quantity: 1 },
      ],
      'NOT_FOUND',
      'ghost',
    ],
    [
      [
        { variantId: 'a', quantity: 1 },
        { variantId: 'off', quantity: 1 },
      ],
      'INACTIVE',
      'off',
    ],
    [
      [
        { variantId: 'a', quantity: 3 },
        { variantId: 'a', quantity: 3 },
      ],
      'INSUFFICIENT_STOCK',
      'a',
    ],
  ])('takes nothing when one line fails (%#)', async (lines, reason, productId) => {
    const outcome = await repo.reserve(lines);
    expect(outcome).toMatchObject({ ok: false, reason, variantId: productId });
    expect(await stockOf('a')).toBe(5);
    expect(await stockOf('b')).toBe(1);
  });

  it('never oversells under concurrent reservations', async () => {
    const outcomes = await Promise.all(
      Array.from({ length: 50 }, () => repo.reserve([{ variantId: 'a', quantity: 1 }])),
    );
    expect(outcomes.filter((o) => o.ok)).toHaveLength(5);
    expect(await stockOf('a')).toBe(0);
  });

  it('gives units back on release', async () => {
    await repo.reserve([{ variantId: 'a', quantity: 4 }]);
    await repo.release([
      { variantId: 'a', quantity: 4 },
      { variantId: 'ghost', quantity: 1 },
    ]);
    expect(await stockOf('a')).toBe(5);
  });

  it('returns copies, so callers cannot change stored state', async () => {
    const found = await repo.findById('a');
    if (!found) throw new Error('missing');
    found.stockQty = 999;
    expect(await stockOf('a')).toBe(5);
  });
});

describe('MemoryProductRepository name order', () => {
  const named = (id: string, name: string): Product => ({ ...product(id, 1), name });
  const namesInOrder = async (store: MemoryProductRepository) =>
    (await store.search({ sort: 'name', limit: 50, offset: 0 })).items.map((found) => found.name);

  it('sorts by Unicode code point, as PostgreSQL\'s COLLATE "C" does, not by UTF-16 unit', async () => {
    const store = new MemoryProductRepository();
    // In UTF-16 units the surrogates (D800–DFFF) of 𝄞, 🎁 and 𐀀 come before U+E000–U+FFFF.
    const names = ['🎁', '＄', 'ﬁ', '𝄞', '\ue000', '𐀀', 'ힰ', '中', 'ж', 'z'];
    for (const [i, name] of names.entries()) await store.insert(named(`n${i}`, name));
    expect(await namesInOrder(store)).toEqual(['z', 'ж', '中', 'ힰ', '\ue000', 'ﬁ', '＄', '𐀀', '𝄞', '🎁']);
  });

  it('puts a name before the longer names it starts', async () => {
    const store = new MemoryProductRepository();
    for (const [i, name] of ['жжж', 'ж', 'жж'].entries()) await store.insert(named(`p${i}`, name));
    expect(await namesInOrder(store)).toEqual(['ж', 'жж', 'жжж']);
  });

  it('places a product inserted after a sort in the name and price orders', async () => {
    const store = new MemoryProductRepository();
    await store.insert({ ...named('b', 'Bol'), priceCents: 500 });
    expect(await namesInOrder(store)).toEqual(['Bol']);
    expect((await store.search({ sort: 'price', limit: 50, offset: 0 })).items).toHaveLength(1);
    await store.insert({ ...named('a', 'Assiette'), priceCents: 200 });
    expect(await namesInOrder(store)).toEqual(['Assiette', 'Bol']);
    const byPrice = await store.search({ sort: 'price', limit: 50, offset: 0 });
    expect(byPrice.items.map((found) => found.id)).toEqual(['a', 'b']);
  });
});
