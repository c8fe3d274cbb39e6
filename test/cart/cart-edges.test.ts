import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addToCart, createProduct } from '../helpers/shop.js';
import { bearer, buildTestApp, registerUser, type TestApp } from '../helpers/test-app.js';

/** The cart at its limits: exactly the stock, products retired or gone. */
let t: TestApp;
beforeAll(async () => {
  t = await buildTestApp();
});
afterAll(() => t.app.close());

const viewCart = (token: string) => t.app.inject({ url: '/api/cart', headers: bearer(token) });
const putLine = (token: string, productId: string, quantity: number) =>
  t.app.inject({
    method: 'PUT',
    url: `/api/cart/items/${productId}`,
    headers: bearer(token),
    payload: { quantity },
  });

describe('cart limits', () => {
  it('sets a line to exactly the stock, and refuses one more', async () => {
    const { token } = await registerUser(t.app);
    const product = await createProduct(t, { stockQty: 4 });
    const exact = await putLine(token, product.id, 4);
    expect(exact.statusCode).toBe(200);
    expect(exact.json().items).toMatchObject([{ product_id: product.id, quantity: 4 }]);
    const over = await putLine(token, product.id, 5);
    expect(over.statusCode).toBe(400);
    expect(over.json()).toMatchObject({ detail: 'Stock insuffisant.' });
    expect((await viewCart(token)).json().items).toMatchObject([{ quantity: 4 }]);
  });

  it('adds up to exactly the stock', async () => {
    const { token } = await registerUser(t.app);
    const product = await createProduct(t, { stockQty: 3 });
    expect((await addToCart(t.app, token, product.id, 2)).statusCode).toBe(200);
    const res = await addToCart(t.app, token, product.id, 1);
    expect(res.statusCode).toBe(200);
    expect(res.json().items).toMatchObject([{ quantity: 3 }]);
  });

  it('removes the line of a deactivated product when it is set to 0', async () => {
    const { token } = await registerUser(t.app);
    const product = await createProduct(t);
    await addToCart(t.app, token, product.id, 2);
    await t.ctx.repos.products.update(product.id, { active: false });
    const res = await putLine(token, product.id, 0);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ items: [], total_cents: 0, total_euros: 0 });
  });

  it('refuses to set a deactivated product to a positive quantity, and keeps the line', async () => {
    const { token } = await registerUser(t.app);
    const product = await createProduct(t);
    await addToCart(t.app, token, product.id, 2);
    await t.ctx.repos.products.update(product.id, { active: false });
    const res = await putLine(token, product.id, 1);
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ detail: 'Produit inactif.' });
    expect((await viewCart(token)).json().items).toMatchObject([{ quantity: 2, available: false }]);
  });

  it('refuses to set an unknown product to a positive quantity', async () => {
    const { token } = await registerUser(t.app);
    const res = await putLine(token, randomUUID(), 1);
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ detail: 'Produit introuvable.' });
    expect((await viewCart(token)).json().items).toEqual([]);
  });
});

/**
 * A cart line whose product is gone. No route deletes a product, and PostgreSQL's foreign
 * key forbids such a line, so this builds the app on the in-memory stores whatever
 * DATABASE_URL says, and puts the line straight in the store.
 */
describe('a cart line whose product is gone', () => {
  let memory: TestApp;
  beforeAll(async () => {
    memory = await buildTestApp({ store: 'memory' });
  });
  afterAll(() => memory.app.close());

  it('shows it as "Produit supprimé", unavailable and not counted', async () => {
    const { app, ctx } = memory;
    const { token, userId } = await registerUser(app);
    const kept = await ctx.services.catalog.create({
      name: 'Gardé',
      description: '',
      priceCents: 800,
      stockQty: 10,
      imageUrl: '/api/uploads/kept.png',
      active: true,
    });
    await addToCart(app, token, kept.id, 2);
    const gone = randomUUID();
    await ctx.repos.carts.setQuantity(userId, gone, 3);
    const res = await app.inject({ url: '/api/cart', headers: bearer(token) });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({
      items: [
        {
          product_id: kept.id,
          product_name: 'Gardé',
          unit_price_cents: 800,
          unit_price_euros: 8,
          quantity: 2,
          line_total_cents: 1600,
          line_total_euros: 16,
          image_url: '/api/uploads/kept.png',
          available: true,
        },
        {
          product_id: gone,
          product_name: 'Produit supprimé',
          unit_price_cents: 0,
          unit_price_euros: 0,
          quantity: 3,
          line_total_cents: 0,
          line_total_euros: 0,
          image_url: null,
          available: false,
        },
      ],
      total_cents: 1600,
      total_euros: 16,
    });
  });
});
