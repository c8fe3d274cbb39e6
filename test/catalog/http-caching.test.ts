import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { adminToken, createProduct } from '../helpers/shop.js';
import { bearer, buildTestApp, type TestApp } from '../helpers/test-app.js';

/** The public catalogue can be cached by a browser or a CDN: ETag, Cache-Control, 304. */
let t: TestApp;
let admin: string;
beforeEach(async () => {
  t = await buildTestApp();
  admin = await adminToken(t);
});
afterEach(() => t.app.close());

const get = (url: string, ifNoneMatch?: string) =>
  t.app.inject({ url, headers: ifNoneMatch ? { 'if-none-match': ifNoneMatch } : {} });

describe('HTTP caching of the public catalogue', () => {
  it('answers the list and a product with an ETag and Cache-Control public, max-age=1', async () => {
    const product = await createProduct(t, { name: 'Bob', priceCents: 1500 });
    for (const url of ['/api/catalog/products', `/api/catalog/products/${product.id}`]) {
      const res = await get(url);
      expect(res.statusCode, url).toBe(200);
      expect(res.headers.etag, url).toMatch(/^"[^"]+"$/);
      expect(res.headers['cache-control'], url).toBe('public, max-age=1');
    }
  });

  it('answers 304 with no body to If-None-Match holding the current ETag', async () => {
    await createProduct(t, { name: 'Bob', priceCents: 1500 });
    const first = await get('/api/catalog/products?q=bob');
    const again = await get('/api/catalog/products?q=bob', first.headers.etag as string);
    expect(again.statusCode).toBe(304);
    expect(again.body).toBe('');
    expect(again.headers.etag).toBe(first.headers.etag);
    expect(again.headers['cache-control']).toBe('public, max-age=1');
  });

  it('reads If-None-Match as a list of tags, weak or strong, and * as any', async () => {
    await createProduct(t, { name: 'Bob', priceCents: 1500 });
    const tag = (await get('/api/catalog/products')).headers.etag as string;
    expect((await get('/api/catalog/products', `"autre", W/${tag}`)).statusCode).toBe(304);
    expect((await get('/api/catalog/products', '*')).statusCode).toBe(304);
    expect((await get('/api/catalog/products', '"autre"')).statusCode).toBe(200);
  });

  it('answers 200 with a new ETag once the product has changed', async () => {
    const product = await createProduct(t, { name: 'Bob', priceCents: 1500 });
    const url = `/api/catalog/products/${product.id}`;
    const before = await get(url);
    const edit = await t.app.inject({
      method: 'PUT',
      url: `/api/admin/products/${product.id}`,
      headers: bearer(admin),
      payload: { price_cents: 1700 },
    });
    expect(edit.statusCode, edit.body).toBe(200);
    const after = await get(url, before.headers.etag as string);
    expect(after.statusCode).toBe(200);
    expect(after.json<{ price_cents: number }>().price_cents).toBe(1700);
    expect(after.headers.etag).not.toBe(before.headers.etag);
  });

  it('never marks an error as publicly cacheable, nor anything outside the catalogue', async () => {
    const missing = await get('/api/catalog/products/nope');
    expect(missing.statusCode).toBe(404);
    expect(missing.headers['cache-control']).toBeUndefined();
    const cart = await t.app.inject({ url: '/api/cart', headers: bearer(admin) });
    expect(cart.statusCode).toBe(200);
    expect(cart.headers.etag).toBeUndefined();
    expect(cart.headers['cache-control']).toBeUndefined();
  });

  it('declares the 304 in the OpenAPI document of both catalogue reads', async () => {
    const doc = (await t.app.inject({ url: '/openapi.json' })).json<{
      paths: Record<string, { get: { responses: Record<string, unknown> } }>;
    }>();
    expect(Object.keys(doc.paths['/api/catalog/products']?.get.responses ?? {})).toContain('304');
    expect(Object.keys(doc.paths['/api/catalog/products/{id}']?.get.responses ?? {})).toContain('304');
  });
});
