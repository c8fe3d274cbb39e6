import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminToken, createProduct } from '../helpers/shop.js';
import { bearer, buildTestApp, registerUser, type TestApp } from '../helpers/test-app.js';

let t: TestApp;
let admin: string;
beforeAll(async () => {
  t = await buildTestApp();
  admin = await adminToken(t);
});
afterAll(() => t.app.close());

const send = (method: 'POST' | 'PUT', url: string, payload: object) =>
  t.app.inject({ method, url: `/api/admin${url}`, headers: bearer(admin), payload });
/** Every product, inactive included, as the admin listing counts them. */
const productCount = async (): Promise<number> =>
  (await t.app.inject({ url: '/api/admin/products', headers: bearer(admin) })).json<unknown[]>().length;

describe('GET /api/admin/products', () => {
  it('returns a bare array, inactive products included', async () => {
    const hidden = await createProduct(t, { active: false });
    const res = await t.app.inject({ url: '/api/admin/products', headers: bearer(admin) });
    expect(res.statusCode).toBe(200);
    expect(Array.isArray(res.json())).toBe(true);
    expect(res.json().map((p: { id: string }) => p.id)).toContain(hidden.id);
  });

  it('is refused to customers', async () => {
    const { token } = await registerUser(t.app);
    const res = await t.app.inject({ url: '/api/admin/products', headers: bearer(token) });
    expect(res.statusCode).toBe(403);
  });
});

describe('POST /api/admin/products', () => {
  it('creates a product with defaults', async () => {
    const res = await send('POST', '/products', { name: '  Polo  ', price: 24.9 });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toEqual({
      id: expect.any(String),
      name: 'Polo',
      description: '',
      price_cents: 2490,
      price_euros: 24.9,
      stock_qty: 0,
      active: true,
      image_url: null,
      options: [],
      variants: [
        {
          id: expect.any(String),
          sku: expect.stringMatching(/^SKU-[0-9A-F]{12}$/),
          options: {},
          price_cents: 2490,
          price_euros: 24.9,
          stock_qty: 0,
          active: true,
        },
      ],
      categories: [],
    });
    const listed = (await t.app.inject({ url: `/api/catalog/products/${res.json().id}` })).json();
    expect(listed.name).toBe('Polo');
  });

  it('accepts price_cents, stock_qty, stock, image_url and active', async () => {
    const res = await send('POST', '/products', {
      name: 'Sac',
      description: 'En toile',
      price_cents: 4500,
      stock: 7,
      image_url: '/api/uploads/x.png',
      active: false,
    });
    expect(res.json()).toMatchObject({
      price_cents: 4500,
      stock_qty: 7,
      image_url: '/api/uploads/x.png',
      active: false,
    });
  });

  it.each([
    [0, 0],
    [0.1, 10],
    [0.29, 29],
    [19.99, 1999],
    [1234.56, 123456],
  ])('converts %s € exactly to %i cents', async (price, cents) => {
    const res = await send('POST', '/products', { name: 'Prix', price });
    expect(res.statusCode).toBe(201);
    expect(res.json().price_cents).toBe(cents);
  });

  it.each([
    ['0.005 € (three decimals)', { price: 0.005 }],
    ['a negative price', { price: -1 }],
    ['negative cents', { price_cents: -1 }],
    ['fractional cents', { price_cents: 10.5 }],
    ['a price as a string', { price: '19.99' }],
    ['a negative stock', { price: 1, stock: -3 }],
    ['a fractional stock', { price: 1, stock_qty: 1.5 }],
    ['active as a string', { price: 1, active: 'yes' }],
    ['active as a number', { price: 1, active: 1 }],
    ['a blank name', { name: '   ', price: 1 }],
    ['a name too long', { name: 'n'.repeat(201), price: 1 }],
  ])('refuses %s with 422', async (_name, payload) => {
    const res = await send('POST', '/products', { name: 'Défaut', ...payload });
    expect(res.statusCode).toBe(422);
  });

  it.each([
    [{ price: 10 }, "Le champ 'name' est requis"],
    [{ name: 'Sans prix' }, "Le champ 'price' ou 'price_cents' est requis"],
  ])('refuses %j with 400', async (payload, detail) => {
    const before = await productCount();
    const res = await send('POST', '/products', payload);
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ detail });
    expect(await productCount()).toBe(before);
  });
});

describe('updating products', () => {
  it('PUT /products/:id changes only the given fields', async () => {
    const product = await createProduct(t, { name: 'Avant', priceCents: 1000, stockQty: 4 });
    const res = await send('PUT', `/products/${product.id}`, { name: 'Après', price: 12.5 });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ name: 'Après', price_cents: 1250, stock_qty: 4, active: true });
  });

  it('PUT /products takes product_id in the body', async () => {
    const product = await createProduct(t);
    const res = await send('PUT', '/products', { product_id: product.id, active: false });
    expect(res.json()).toMatchObject({ id: product.id, active: false });
  });

  it('PUT /products/stock is reachable and sets stock_qty', async () => {
    const product = await createProduct(t, { stockQty: 1 });
    const res = await send('PUT', '/products/stock', { product_id: product.id, stock_qty: 42 });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ id: product.id, stock_qty: 42 });
  });

  it('PUT /products/:id/stock accepts stock or stock_qty, and requires one', async () => {
    const product = await createProduct(t, { stockQty: 1 });
    expect((await send('PUT', `/products/${product.id}/stock`, { stock: 5 })).json().stock_qty).toBe(5);
    expect((await send('PUT', `/products/${product.id}/stock`, { stock_qty: 6 })).json().stock_qty).toBe(6);
    const missing = await send('PUT', `/products/${product.id}/stock`, {});
    expect(missing.statusCode).toBe(400);
    expect(missing.json()).toMatchObject({ detail: "Le champ 'stock' ou 'stock_qty' est requis" });
    expect((await send('PUT', `/products/${product.id}/stock`, { stock: -1 })).statusCode).toBe(422);
    expect((await t.ctx.repos.products.findById(product.id))?.stockQty).toBe(6);
  });

  it.each([
    ['/products/nope', { name: 'x' }],
    ['/products', { product_id: 'nope', name: 'x' }],
    ['/products/stock', { product_id: 'nope', stock_qty: 1 }],
    ['/products/nope/stock', { stock: 1 }],
  ])('PUT %s answers 404 for an unknown product', async (url, payload) => {
    const res = await send('PUT', url, payload);
    expect(res.statusCode).toBe(404);
    expect(res.json()).toMatchObject({ detail: 'Produit introuvable' });
  });
});
