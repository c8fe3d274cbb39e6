import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createProduct } from '../helpers/shop.js';
import { buildTestApp, type TestApp } from '../helpers/test-app.js';

let t: TestApp;
beforeAll(async () => {
  t = await buildTestApp();
});
afterAll(() => t.app.close());

describe('public 404s say what is missing', () => {
  it('tells an inactive product from an unknown one', async () => {
    const hidden = await createProduct(t, { active: false });
    const inactive = await t.app.inject({ url: `/api/catalog/products/${hidden.id}` });
    expect(inactive.statusCode).toBe(404);
    expect(inactive.json()).toEqual({ detail: 'Produit non disponible', code: 'PRODUCT_UNAVAILABLE' });
    const unknown = await t.app.inject({ url: '/api/catalog/products/00000000-0000-4000-8000-000000000000' });
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json()).toEqual({ detail: 'Produit introuvable', code: 'PRODUCT_NOT_FOUND' });
  });

  it('answers an upload name we could have made, but did not, with 404 Image introuvable', async () => {
    const res = await t.app.inject({ url: '/api/uploads/0f8fad5b-d9cb-469f-a165-70867728950e.png' });
    expect(res.statusCode).toBe(404);
    expect(res.json()).toEqual({ detail: 'Image introuvable', code: 'IMAGE_NOT_FOUND' });
  });
});
