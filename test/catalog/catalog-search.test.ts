import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PRODUCT_SORTS } from '../../src/catalog/product-query.js';
import { createProduct } from '../helpers/shop.js';
import { buildTestApp, type TestApp } from '../helpers/test-app.js';

let t: TestApp;
beforeAll(async () => {
  t = await buildTestApp();
  const catalogue = [
    { name: 'Écharpe Laine', description: 'Douce et chaude', priceCents: 2999, stockQty: 3 },
    { name: 'Bonnet', description: 'En LAINE mérinos', priceCents: 1500, stockQty: 0 },
    { name: 'anorak', description: 'Imperméable', priceCents: 8999, stockQty: 7 },
    { name: 'Chaussettes', description: 'Coton', priceCents: 500, stockQty: 40 },
    { name: 'Caché', description: 'laine', priceCents: 100, stockQty: 5, active: false },
    { name: 'Gants', description: 'Cuir', priceCents: 1500, stockQty: 2 },
  ];
  for (const product of catalogue) {
    await createProduct(t, product);
    t.clock.advance(1000);
  }
});
afterAll(() => t.app.close());

const list = async (query = '') => {
  const res = await t.app.inject({ url: `/api/catalog/products${query}` });
  expect(res.statusCode, res.body).toBe(200);
  return res.json() as {
    products: { name: string; price_cents: number }[];
    total: number;
    limit: number;
    offset: number;
    next_cursor: string | null;
  };
};
const names = async (query = '') => (await list(query)).products.map((p) => p.name);

describe('GET /api/catalog/products with query parameters', () => {
  it('without parameters: active products, oldest first, with paging fields', async () => {
    const page = await list();
    expect(page.products.map((p) => p.name)).toEqual([
      'Écharpe Laine',
      'Bonnet',
      'anorak',
      'Chaussettes',
      'Gants',
    ]);
    expect(page).toMatchObject({ total: 5, limit: 100, offset: 0, next_cursor: null });
  });

  it('q searches name and description, ignoring case and accents', async () => {
    expect(await names('?q=laine')).toEqual(['Écharpe Laine', 'Bonnet']);
    expect(await names('?q=ECHARPE')).toEqual(['Écharpe Laine']);
    expect(await names('?q=merinos')).toEqual(['Bonnet']);
    expect(await names(`?q=${encodeURIComponent('  impermeable ')}`)).toEqual(['anorak']);
    expect((await list('?q=zzz')).total).toBe(0);
  });

  it('filters by price range, bounds included', async () => {
    expect(await names('?min_price_cents=1500&max_price_cents=2999')).toEqual([
      'Écharpe Laine',
      'Bonnet',
      'Gants',
    ]);
    expect(await names('?min_price_cents=9000')).toEqual([]);
    expect(await names('?max_price_cents=500')).toEqual(['Chaussettes']);
  });

  it('filters by stock', async () => {
    expect(await names('?in_stock=true')).toEqual(['Écharpe Laine', 'anorak', 'Chaussettes', 'Gants']);
    expect(await names('?in_stock=false')).toEqual(['Bonnet']);
  });

  it.each([
    ['name', ['anorak', 'Bonnet', 'Chaussettes', 'Écharpe Laine', 'Gants']],
    ['price', ['Chaussettes', 'Bonnet', 'Gants', 'Écharpe Laine', 'anorak']],
    ['-price', ['anorak', 'Écharpe Laine', 'Gants', 'Bonnet', 'Chaussettes']],
    ['newest', ['Gants', 'Chaussettes', 'anorak', 'Bonnet', 'Écharpe Laine']],
    ['oldest', ['Écharpe Laine', 'Bonnet', 'anorak', 'Chaussettes', 'Gants']],
  ])('sorts by %s', async (sort, expected) => {
    expect(await names(`?sort=${sort}`)).toEqual(expected);
  });

  it('combines filters, sort and paging, and counts the total over all pages', async () => {
    const page = await list('?q=e&sort=price&limit=1&offset=1&in_stock=true');
    // Matching "e" and in stock, by price: Chaussettes 500, Écharpe 2999, anorak 8999 (Gants has no "e").
    expect(page.products.map((p) => p.name)).toEqual(['Écharpe Laine']);
    expect(page).toMatchObject({ total: 3, limit: 1, offset: 1 });
    expect(page.next_cursor).toEqual(expect.any(String));
    const next = await list(`?q=e&in_stock=true&cursor=${page.next_cursor}`);
    expect(next.products.map((p) => p.name)).toEqual(['anorak']);
    expect(next.next_cursor).toBeNull();
  });

  it.each([
    ['limit=0', 'limit'],
    ['limit=101', 'limit'],
    ['limit=abc', 'limit'],
    ['offset=-1', 'offset'],
    ['sort=cheapest', 'sort'],
    ['in_stock=maybe', 'in_stock'],
    ['min_price_cents=-5', 'min_price_cents'],
    ['min_price_cents=1.5', 'min_price_cents'],
  ])('refuses %s with 422 on the query', async (query, field) => {
    const res = await t.app.inject({ url: `/api/catalog/products?${query}` });
    expect(res.statusCode).toBe(422);
    expect(res.json().detail[0].loc).toEqual(['query', field]);
  });

  const forge = (position: unknown) => Buffer.from(JSON.stringify(position)).toString('base64url');

  it.each([
    ['garbage', 'not-a-cursor'],
    ['an unknown sort', forge(['cheapest', 1])],
    ['a rank that is text', forge(['oldest', 'x'])],
    ['a rank that is a fraction', forge(['newest', 1.5])],
    ['a rank past 2^53', forge(['oldest', 2 ** 60])],
    ['a negative rank', forge(['oldest', -1])],
    ['too few parts', forge(['price', 100])],
    ['too many parts', forge(['name', 'a', 1, 2])],
    ['a price that is text', forge(['price', 'cher', 1])],
    ['a name that is a number', forge(['name', 5, 1])],
    ['a name holding U+0000', forge(['name', 'a\u0000b', 1])],
    ['an object', forge({ sort: 'oldest', key: [1] })],
    ['nested arrays', forge(['oldest', [1]])],
  ])('refuses a forged cursor (%s) with 400, before any store sees it', async (_name, cursor) => {
    const res = await t.app.inject({ url: `/api/catalog/products?cursor=${cursor}` });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ detail: 'Curseur de pagination invalide.', code: 'CURSOR_INVALID' });
  });
});

describe('cursor paging while products are added', () => {
  it.each(PRODUCT_SORTS)('sort=%s: every product that existed is seen exactly once', async (sort) => {
    const fresh = await buildTestApp();
    for (let i = 0; i < 23; i += 1) {
      await createProduct(fresh, {
        name: `Article ${String(i).padStart(2, '0')}`,
        priceCents: 100 * ((i * 7) % 10),
      });
      fresh.clock.advance(10);
    }
    const existing = new Set((await fresh.ctx.repos.products.listAll()).map((p) => p.id));
    const seen: string[] = [];
    let cursor: string | null = null;
    let added = 0;
    do {
      const query: string = `?sort=${sort}&limit=5${cursor ? `&cursor=${cursor}` : ''}`;
      const res = await fresh.app.inject({ url: `/api/catalog/products${query}` });
      expect(res.statusCode).toBe(200);
      const page = res.json() as { products: { id: string }[]; next_cursor: string | null };
      seen.push(...page.products.map((p) => p.id));
      cursor = page.next_cursor;
      // Products arrive between pages, with every kind of name and price.
      await createProduct(fresh, { name: `Nouveau ${added}`, priceCents: 50 * added });
      added += 1;
      fresh.clock.advance(10);
    } while (cursor !== null);

    const seenExisting = seen.filter((id) => existing.has(id));
    expect(new Set(seen).size).toBe(seen.length);
    expect(new Set(seenExisting)).toEqual(existing);
    await fresh.app.close();
  });
});
