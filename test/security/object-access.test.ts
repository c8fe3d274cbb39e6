import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createProduct, placeOrder, VALID_CARD } from '../helpers/shop.js';
import { bearer, buildTestApp, registerUser, type TestApp } from '../helpers/test-app.js';

/** Customer B tries every route that takes customer A's order or thread id. */
let t: TestApp;
let a: Awaited<ReturnType<typeof registerUser>>;
let b: Awaited<ReturnType<typeof registerUser>>;
let orderId: string;
let paidOrderId: string;
let threadId: string;
beforeAll(async () => {
  t = await buildTestApp();
  a = await registerUser(t.app);
  b = await registerUser(t.app);
  const product = await createProduct(t, { stockQty: 10 });
  orderId = (await placeOrder(t.app, a.token, [{ productId: product.id, quantity: 1 }])).id;
  paidOrderId = (await placeOrder(t.app, a.token, [{ productId: product.id, quantity: 1 }])).id;
  await t.app.inject({
    method: 'POST',
    url: '/api/orders/pay',
    headers: bearer(a.token),
    payload: { order_id: paidOrderId, ...VALID_CARD },
  });
  threadId = (
    await t.app.inject({
      method: 'POST',
      url: '/api/support/threads',
      headers: bearer(a.token),
      payload: { subject: 'Privé', initial_message: 'Mes données', order_id: orderId },
    })
  ).json().id;
});
afterAll(() => t.app.close());

async function stateOfA() {
  return {
    orders: await t.ctx.repos.orders.list({ userId: a.userId }),
    thread: await t.ctx.repos.threads.findById(threadId),
    payments: await t.ctx.repos.payments.listByOrder(orderId),
  };
}

describe('object-level access between customers', () => {
  const attempts: [string, () => { method: 'GET' | 'POST'; url: string; payload?: object }][] = [
    ['read the order', () => ({ method: 'GET', url: `/api/orders/${orderId}` })],
    ['read the invoice', () => ({ method: 'GET', url: `/api/orders/${paidOrderId}/invoice` })],
    ['download the invoice', () => ({ method: 'GET', url: `/api/orders/${paidOrderId}/invoice.pdf` })],
    ['list the credit notes', () => ({ method: 'GET', url: `/api/orders/${paidOrderId}/credit-notes` })],
    [
      'pay the order',
      () => ({ method: 'POST', url: '/api/orders/pay', payload: { order_id: orderId, ...VALID_CARD } }),
    ],
    [
      'cancel the order',
      () => ({ method: 'POST', url: '/api/orders/cancel', payload: { order_id: orderId } }),
    ],
    ['read the thread', () => ({ method: 'GET', url: `/api/support/threads/${threadId}` })],
    [
      'post in the thread',
      () => ({
        method: 'POST',
        url: `/api/support/threads/${threadId}/messages`,
        payload: { body: 'Intrus' },
      }),
    ],
    [
      'open a thread about the order',
      () => ({
        method: 'POST',
        url: '/api/support/threads',
        payload: { subject: 'Vol', initial_message: 'x', order_id: orderId },
      }),
    ],
  ];

  it.each(attempts)('B cannot %s of A, and nothing of A changes', async (_name, request) => {
    const before = await stateOfA();
    const res = await t.app.inject({ ...request(), headers: bearer(b.token) });
    expect([403, 404]).toContain(res.statusCode);
    expect(res.json().detail).toEqual(expect.any(String));
    expect(JSON.stringify(res.json())).not.toContain(a.userId);
    expect(await stateOfA()).toEqual(before);
  });

  it('B sees none of A’s orders or threads in its lists', async () => {
    const orders = await t.app.inject({ url: '/api/orders', headers: bearer(b.token) });
    const threads = await t.app.inject({ url: '/api/support/threads', headers: bearer(b.token) });
    expect(orders.json().orders).toEqual([]);
    expect(threads.json().threads).toEqual([]);
  });
});
