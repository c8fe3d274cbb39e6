import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { adminToken, createProduct } from '../helpers/shop.js';
import { bearer, buildTestApp, type TestApp } from '../helpers/test-app.js';

/** Search and sort must follow an admin's edits, not the catalogue as it was first indexed. */
let t: TestApp;
let admin: string;
beforeEach(async () => {
  t = await buildTestApp();
  admin = await adminToken(t);
});
afterEach(() => t.app.close());

const names = async (query: string) => {
  const res = await t.app.inject({ url: `/api/catalog/products?${query}` });
  expect(res.statusCode, res.body).toBe(200);
  return res.json<{ products: { name: string }[] }>().products.map((p) => p.name);
};

const edit = async (id: string, payload: object) => {
  const res = await t.app.inject({
    method: 'PUT',
    url: `/api/admin/products/${id}`,
    headers: bearer(admin),
    payload,
  });
  expect(res.statusCode, res.body).toBe(200);
};

describe('catalogue after product edits', () => {
  it('finds a renamed product by its new name, and no longer by its old one', async () => {
    const renamed = await createProduct(t, { name: 'Parapluie', description: 'Pliant' });
    await createProduct(t, { name: 'Ombrelle', description: 'Dentelle' });
    expect(await names('q=parapluie')).toEqual(['Parapluie']);
    await edit(renamed.id, { name: 'Kangourou' });
    expect(await names('q=kangourou')).toEqual(['Kangourou']);
    expect(await names('q=parapluie')).toEqual([]);
    expect(await names('q=pliant')).toEqual(['Kangourou']);
  });

  it('finds a product by its new description', async () => {
    const product = await createProduct(t, { name: 'Sac', description: 'Toile' });
    await edit(product.id, { description: 'Cuir véritable' });
    expect(await names('q=veritable')).toEqual(['Sac']);
    expect(await names('q=toile')).toEqual([]);
  });

  it('sorts by name after a rename', async () => {
    const first = await createProduct(t, { name: 'Alpha' });
    await createProduct(t, { name: 'Bravo' });
    await createProduct(t, { name: 'Charlie' });
    expect(await names('sort=name')).toEqual(['Alpha', 'Bravo', 'Charlie']);
    await edit(first.id, { name: 'Zoulou' });
    expect(await names('sort=name')).toEqual(['Bravo', 'Charlie', 'Zoulou']);
  });

  it('sorts by price after a price change, both ways', async () => {
    await createProduct(t, { name: 'Alpha', priceCents: 1000 });
    await createProduct(t, { name: 'Bravo', priceCents: 2000 });
    const dear = await createProduct(t, { name: 'Charlie', priceCents: 3000 });
    expect(await names('sort=price')).toEqual(['Alpha', 'Bravo', 'Charlie']);
    expect(await names('sort=-price')).toEqual(['Charlie', 'Bravo', 'Alpha']);
    await edit(dear.id, { price_cents: 500 });
    expect(await names('sort=price')).toEqual(['Charlie', 'Alpha', 'Bravo']);
    expect(await names('sort=-price')).toEqual(['Bravo', 'Alpha', 'Charlie']);
  });

  it('keeps the price order when only the name changes, and the name order when only the price does', async () => {
    const a = await createProduct(t, { name: 'Alpha', priceCents: 3000 });
    const b = await createProduct(t, { name: 'Bravo', priceCents: 1000 });
    expect(await names('sort=price')).toEqual(['Bravo', 'Alpha']);
    expect(await names('sort=name')).toEqual(['Alpha', 'Bravo']);
    await edit(a.id, { name: 'Yankee' });
    await edit(b.id, { price_cents: 4000 });
    expect(await names('sort=price')).toEqual(['Yankee', 'Bravo']);
    expect(await names('sort=name')).toEqual(['Bravo', 'Yankee']);
  });
});
