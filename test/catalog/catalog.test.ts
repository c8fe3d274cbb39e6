import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_CLOTHING } from '../../src/seed/demo-clothing.js';
import { DEMO_PRODUCTS } from '../../src/seed/demo-data.js';
import { buildTestApp, type TestApp } from '../helpers/test-app.js';

let t: TestApp;
beforeAll(async () => {
  t = await buildTestApp({ seed: true });
});
afterAll(() => t.app.close());

describe('GET /api/catalog/products', () => {
  it('lists the active products oldest first, with euros beside cents', async () => {
    const res = await t.app.inject({ url: '/api/catalog/products' });
    expect(res.statusCode).toBe(200);
    const { products } = res.json();
    expect(products.map((p: { name: string }) => p.name)).toEqual([
      ...DEMO_PRODUCTS.map((p) => p.name),
      ...DEMO_CLOTHING.map((p) => p.name),
    ]);
    expect(products[0]).toEqual({
      id: expect.any(String),
      name: 'T-Shirt Classic Blanc',
      description: expect.any(String),
      price_cents: 1999,
      price_euros: 19.99,
      stock_qty: 148, // 150 less the 2 in Alice's demo order
      active: true,
      image_url: expect.stringMatching(/^http:\/\/localhost:8000\/api\/uploads\/[0-9a-f-]+\.png$/),
      options: [],
      variants: [
        {
          id: expect.any(String),
          sku: expect.any(String),
          options: {},
          price_cents: 1999,
          price_euros: 19.99,
          stock_qty: 148,
          active: true,
        },
      ],
      categories: [{ id: expect.any(String), name: 'T-shirts', slug: 't-shirts' }],
    });
  });

  it('leaves inactive products out', async () => {
    const hidden = await t.ctx.services.catalog.createFromInput({
      name: 'Caché',
      description: '',
      priceCents: 100,
      stockQty: 1,
      imageUrl: null,
      active: false,
    });
    const { products } = (await t.app.inject({ url: '/api/catalog/products/' })).json();
    expect(products.some((p: { id: string }) => p.id === hidden.id)).toBe(false);
  });
});

describe('GET /api/catalog/products/:id', () => {
  it('returns one active product', async () => {
    const [first] = await t.ctx.repos.products.listAll();
    const res = await t.app.inject({ url: `/api/catalog/products/${first?.id}` });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ id: first?.id, name: first?.name, price_cents: first?.priceCents });
  });

  it('answers 404 Produit introuvable for an unknown id', async () => {
    const res = await t.app.inject({ url: '/api/catalog/products/00000000-0000-4000-8000-000000000000' });
    expect(res.statusCode).toBe(404);
    expect(res.json()).toMatchObject({ detail: 'Produit introuvable' });
  });

  it('answers 404 Produit non disponible for an inactive product', async () => {
    const inactive = await t.ctx.services.catalog.createFromInput({
      name: 'Retiré',
      description: '',
      priceCents: 100,
      stockQty: 1,
      imageUrl: null,
      active: false,
    });
    const res = await t.app.inject({ url: `/api/catalog/products/${inactive.id}` });
    expect(res.statusCode).toBe(404);
    expect(res.json()).toMatchObject({ detail: 'Produit non disponible' });
  });
});
