import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addToCart, createProduct } from '../helpers/shop.js';
import { bearer, buildTestApp, registerUser, type TestApp } from '../helpers/test-app.js';

let t: TestApp;
beforeAll(async () => {
  t = await buildTestApp();
});
afterAll(() => t.app.close());

const viewCart = (token: string) => t.app.inject({ url: '/api/cart', headers: bearer(token) });

describe('cart', () => {
  it('starts empty', async () => {
    const { token } = await registerUser(t.app);
    const res = await viewCart(token);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ items: [], total_cents: 0, total_euros: 0 });
  });

  it('adds lines with live prices and totals in cents and euros', async () => {
    const { token } = await registerUser(t.app);
    const shirt = await createProduct(t, { name: 'Chemise', priceCents: 1999, stockQty: 10 });
    await addToCart(t.app, token, shirt.id, 2);
    const res = await addToCart(t.app, token, shirt.id, 1);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({
      items: [
        {
          product_id: shirt.id,
          variant_id: shirt.variants[0]?.id,
          sku: shirt.variants[0]?.sku,
          options: {},
          product_name: 'Chemise',
          unit_price_cents: 1999,
          unit_price_euros: 19.99,
          quantity: 3,
          line_total_cents: 5997,
          line_total_euros: 59.97,
          image_url: null,
          available: true,
        },
      ],
      total_cents: 5997,
      total_euros: 59.97,
    });
    await t.ctx.repos.products.update(shirt.id, { priceCents: 2500 });
    expect((await viewCart(token)).json().total_cents).toBe(7500);
  });

  it('counts the quantity already in the cart against the stock', async () => {
    const { token } = await registerUser(t.app);
    const rare = await createProduct(t, { stockQty: 3 });
    expect((await addToCart(t.app, token, rare.id, 2)).statusCode).toBe(200);
    const res = await addToCart(t.app, token, rare.id, 2);
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ detail: 'Stock insuffisant.' });
    expect((await viewCart(token)).json().items[0].quantity).toBe(2);
  });

  it.each([
    ['an unknown product', 'ghost', 'Produit introuvable.'],
    ['an inactive product', 'inactive', 'Produit inactif.'],
  ])('refuses %s', async (_name, kind, detail) => {
    const { token } = await registerUser(t.app);
    const id = kind === 'ghost' ? 'no-such-product' : (await createProduct(t, { active: false })).id;
    const res = await addToCart(t.app, token, id, 1);
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ detail });
  });

  it.each([0, 1000, 1.5, '2', -1])('refuses quantity %s with 422', async (quantity) => {
    const { token } = await registerUser(t.app);
    const product = await createProduct(t);
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/cart/add',
      headers: bearer(token),
      payload: { product_id: product.id, quantity },
    });
    expect(res.statusCode).toBe(422);
    expect(res.json().detail[0].loc).toEqual(['body', 'quantity']);
  });

  it('shows a line whose product became inactive as unavailable, outside the total', async () => {
    const { token } = await registerUser(t.app);
    const kept = await createProduct(t, { priceCents: 500 });
    const retired = await createProduct(t, { priceCents: 700 });
    await addToCart(t.app, token, kept.id, 1);
    await addToCart(t.app, token, retired.id, 1);
    await t.ctx.repos.products.update(retired.id, { active: false });
    const cart = (await viewCart(token)).json();
    expect(cart.items.map((i: { available: boolean }) => i.available)).toEqual([true, false]);
    expect(cart.total_cents).toBe(500);
  });

  it('POST /remove lowers a line, removes it at zero, defaults to 1 and ignores absent products', async () => {
    const { token } = await registerUser(t.app);
    const product = await createProduct(t);
    await addToCart(t.app, token, product.id, 3);
    const remove = (payload: object) =>
      t.app.inject({ method: 'POST', url: '/api/cart/remove', headers: bearer(token), payload });
    expect((await remove({ product_id: product.id })).json().items[0].quantity).toBe(2);
    expect((await remove({ product_id: 'absent' })).json().items[0].quantity).toBe(2);
    expect((await remove({ product_id: product.id, quantity: 0 })).json().items).toEqual([]);
  });

  it('DELETE /remove/:product_id removes the line', async () => {
    const { token } = await registerUser(t.app);
    const product = await createProduct(t);
    await addToCart(t.app, token, product.id, 3);
    const res = await t.app.inject({
      method: 'DELETE',
      url: `/api/cart/remove/${product.id}`,
      headers: bearer(token),
    });
    expect(res.statusCode).toBe(200);
    expect(res.json().items).toEqual([]);
  });

  it('PUT /items/:product_id sets the quantity exactly, within the stock', async () => {
    const { token } = await registerUser(t.app);
    const product = await createProduct(t, { stockQty: 5 });
    const put = (quantity: number) =>
      t.app.inject({
        method: 'PUT',
        url: `/api/cart/items/${product.id}`,
        headers: bearer(token),
        payload: { quantity },
      });
    expect((await put(4)).json().items[0].quantity).toBe(4);
    expect((await put(2)).json().items[0].quantity).toBe(2);
    const tooMany = await put(6);
    expect(tooMany.statusCode).toBe(400);
    expect(tooMany.json()).toMatchObject({ detail: 'Stock insuffisant.' });
    expect((await put(0)).json().items).toEqual([]);
  });

  it('DELETE /clear empties the cart', async () => {
    const { token } = await registerUser(t.app);
    await addToCart(t.app, token, (await createProduct(t)).id, 1);
    const res = await t.app.inject({ method: 'DELETE', url: '/api/cart/clear', headers: bearer(token) });
    expect(res.json()).toEqual({ message: 'Panier vidé avec succès' });
    expect((await viewCart(token)).json().items).toEqual([]);
  });

  it('keeps carts apart between users', async () => {
    const one = await registerUser(t.app);
    const two = await registerUser(t.app);
    await addToCart(t.app, one.token, (await createProduct(t)).id, 1);
    expect((await viewCart(two.token)).json().items).toEqual([]);
  });

  it('requires a login', async () => {
    expect((await t.app.inject({ url: '/api/cart' })).statusCode).toBe(401);
  });
});

const putLine = (token: string, productId: string, quantity: number) =>
  t.app.inject({
    method: 'PUT',
    url: `/api/cart/items/${productId}`,
    headers: bearer(token),
    payload: { quantity },
  });

/** The cart at its limits: exactly the stock, products retired or gone. */
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
    const kept = await ctx.services.catalog.createFromInput({
      name: 'Gardé',
      description: '',
      priceCents: 800,
      stockQty: 10,
      imageUrl: '/api/uploads/kept.png',
      active: true,
    });
    await addToCart(app, token, kept.id, 2);
    const gone = randomUUID();
    await ctx.repos.carts.setQuantity(userId, { productId: gone, variantId: gone }, 3);
    const res = await app.inject({ url: '/api/cart', headers: bearer(token) });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({
      items: [
        {
          product_id: kept.id,
          variant_id: kept.variants[0]?.id,
          sku: kept.variants[0]?.sku,
          options: {},
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
          variant_id: gone,
          sku: null,
          options: {},
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
