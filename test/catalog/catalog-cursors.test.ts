import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createProduct } from '../helpers/shop.js';
import { buildTestApp, type TestApp } from '../helpers/test-app.js';

/** A cursor carries its own sort and position: what else the query says must agree or give way. */
let t: TestApp;
beforeAll(async () => {
  t = await buildTestApp();
  for (const [name, priceCents] of [
    ['Delta', 400],
    ['Alpha', 300],
    ['Charlie', 100],
    ['Bravo', 200],
    ['Echo', 500],
  ] as const) {
    await createProduct(t, { name, priceCents });
    t.clock.advance(1000);
  }
});
afterAll(() => t.app.close());

const get = (query: string) => t.app.inject({ url: `/api/catalog/products?${query}` });
const namesOf = (res: Awaited<ReturnType<typeof get>>) =>
  res.json<{ products: { name: string }[] }>().products.map((p) => p.name);

describe('catalogue cursors', () => {
  it('continues in the cursor’s sort when the query gives none, and when it gives the same one', async () => {
    const first = await get('sort=price&limit=2');
    expect(namesOf(first)).toEqual(['Charlie', 'Bravo']);
    const cursor = first.json().next_cursor as string;
    for (const query of [`cursor=${cursor}&limit=2`, `cursor=${cursor}&limit=2&sort=price`]) {
      const next = await get(query);
      expect(next.statusCode).toBe(200);
      expect(namesOf(next)).toEqual(['Alpha', 'Delta']);
    }
  });

  it('refuses a cursor with a different sort in the query', async () => {
    const cursor = (await get('sort=price&limit=2')).json().next_cursor as string;
    const res = await get(`cursor=${cursor}&sort=name`);
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ detail: 'Curseur de pagination invalide.' });
  });

  it('ignores offset when a cursor is given, and says so', async () => {
    const cursor = (await get('sort=name&limit=2')).json().next_cursor as string;
    const res = await get(`cursor=${cursor}&limit=2&offset=2`);
    expect(res.statusCode).toBe(200);
    expect(namesOf(res)).toEqual(['Charlie', 'Delta']);
    expect(res.json()).toMatchObject({ offset: 0, limit: 2, total: 5 });
  });

  it('pages backwards orders by position too: -price after a cursor', async () => {
    const first = await get('sort=-price&limit=3');
    expect(namesOf(first)).toEqual(['Echo', 'Delta', 'Alpha']);
    const next = await get(`cursor=${first.json().next_cursor}`);
    expect(namesOf(next)).toEqual(['Bravo', 'Charlie']);
    expect(next.json().next_cursor).toBeNull();
  });
});
