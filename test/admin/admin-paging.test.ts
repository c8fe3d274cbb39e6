import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newOrder } from '../../src/orders/order.js';
import { adminPost, adminToken, createProduct, placeOrder } from '../helpers/shop.js';
import { bearer, buildTestApp, registerUser, type TestApp } from '../helpers/test-app.js';

/**
 * Issue 12: the admin lists returned everything at once (16 MB in 1.4 s after a thread
 * flood). They page now: `limit` (1–500, default 500), `offset`, and `total` counts the
 * filtered list over all pages; oldest first. On the backend of the run.
 */
let t: TestApp;
let admin: string;
beforeAll(async () => {
  t = await buildTestApp();
  admin = await adminToken(t);
});
afterAll(() => t.app.close());

const get = (url: string) => t.app.inject({ url, headers: bearer(admin) });
const ids = (list: { id: string }[]) => list.map((item) => item.id);

describe('GET /api/admin/orders, by page', () => {
  let alice: string;
  let aliceOrders: string[];
  beforeAll(async () => {
    const product = await createProduct(t, { stockQty: 100 });
    const a = await registerUser(t.app);
    const b = await registerUser(t.app);
    alice = a.userId;
    aliceOrders = [];
    for (let i = 0; i < 3; i += 1) {
      aliceOrders.push((await placeOrder(t.app, a.token, [{ productId: product.id, quantity: 1 }])).id);
      await placeOrder(t.app, b.token, [{ productId: product.id, quantity: 1 }]);
    }
    await t.app.inject({
      method: 'POST',
      url: '/api/orders/cancel',
      headers: bearer(a.token),
      payload: { order_id: aliceOrders[1] },
    });
  });

  it("pages one customer's orders, oldest first, with the filtered total", async () => {
    const first = await get(`/api/admin/orders?user_id=${alice}&limit=2`);
    expect(first.statusCode).toBe(200);
    expect(first.json().total).toBe(3);
    expect(ids(first.json().orders)).toEqual(aliceOrders.slice(0, 2));
    const second = await get(`/api/admin/orders?user_id=${alice}&limit=2&offset=2`);
    expect(second.json()).toMatchObject({ total: 3 });
    expect(ids(second.json().orders)).toEqual(aliceOrders.slice(2));
  });

  it('counts only the orders the status filter keeps', async () => {
    const cancelled = await get(`/api/admin/orders?user_id=${alice}&status=ANNULEE`);
    expect(cancelled.json().total).toBe(1);
    expect(ids(cancelled.json().orders)).toEqual([aliceOrders[1]]);
    const all = await get('/api/admin/orders?status=CREE');
    expect(all.json().total).toBe(5);
  });

  it('answers an empty page past the end, with the total still counted', async () => {
    const res = await get('/api/admin/orders?offset=1000');
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ orders: [], total: 6 });
  });

  it.each([
    ['limit=0', 'limit'],
    ['limit=501', 'limit'],
    ['limit=abc', 'limit'],
    ['limit=2.5', 'limit'],
    ['offset=-1', 'offset'],
  ])('refuses %s with 422 on the query', async (query, field) => {
    const res = await get(`/api/admin/orders?${query}`);
    expect(res.statusCode).toBe(422);
    expect(res.json().detail[0]).toMatchObject({ loc: ['query', field] });
  });
});

describe('GET /api/admin/orders without a limit', () => {
  it('answers the oldest 500 and counts them all', async () => {
    const own = await buildTestApp();
    try {
      const token = await adminToken(own);
      const { userId } = await registerUser(own.app);
      const item = {
        productId: 'p',
        variantId: 'p',
        sku: 'SKU',
        options: {},
        name: 'Produit',
        unitPriceCents: 100,
        quantity: 1,
        imageUrl: null,
      };
      const inserted: string[] = [];
      for (let i = 0; i < 501; i += 1) {
        const order = newOrder({ id: randomUUID(), userId, items: [item], shippingAddress: null, at: i });
        await own.ctx.repos.orders.insert(order);
        inserted.push(order.id);
      }
      const res = await own.app.inject({ url: '/api/admin/orders', headers: bearer(token) });
      expect(res.json().total).toBe(501);
      expect(ids(res.json().orders)).toEqual(inserted.slice(0, 500));
    } finally {
      await own.app.close();
    }
  });
});

describe('GET /api/admin/support/threads, by page', () => {
  let threads: string[];
  beforeAll(async () => {
    const own = await registerUser(t.app);
    const other = await registerUser(t.app);
    threads = [];
    for (const { token } of [own, other, own, other]) {
      const res = await t.app.inject({
        method: 'POST',
        url: '/api/support/threads',
        headers: bearer(token),
        payload: { subject: 'Question', initial_message: 'Bonjour' },
      });
      threads.push(res.json().id);
    }
    await adminPost(t.app, admin, `/support/threads/${threads[2]}/close`, {});
  });

  it('pages every thread, oldest first, with the total', async () => {
    const res = await get('/api/admin/support/threads?limit=2&offset=1');
    expect(res.statusCode).toBe(200);
    expect(res.json().total).toBe(4);
    expect(ids(res.json().threads)).toEqual(threads.slice(1, 3));
  });

  it('filters on closed, and counts what the filter keeps', async () => {
    const closed = await get('/api/admin/support/threads?closed=true');
    expect(closed.json().total).toBe(1);
    expect(ids(closed.json().threads)).toEqual([threads[2]]);
    const open = await get('/api/admin/support/threads?closed=false&limit=2&offset=1');
    expect(open.json().total).toBe(3);
    expect(ids(open.json().threads)).toEqual([threads[1], threads[3]]);
  });

  it.each([
    ['limit=0', 'limit'],
    ['limit=501', 'limit'],
    ['offset=-5', 'offset'],
    ['closed=peut-etre', 'closed'],
  ])('refuses %s with 422 on the query', async (query, field) => {
    const res = await get(`/api/admin/support/threads?${query}`);
    expect(res.statusCode).toBe(422);
    expect(res.json().detail[0]).toMatchObject({ loc: ['query', field] });
  });
});
