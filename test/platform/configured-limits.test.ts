import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createProduct, placeOrder, stockOf } from '../helpers/shop.js';
import { bearer, buildTestApp, registerUser, type TestApp } from '../helpers/test-app.js';

/** UNPAID_ORDER_TTL_SECONDS and SUPPORT_MAX_OPEN_THREADS reach the rules they configure. */
let t: TestApp;
beforeAll(async () => {
  t = await buildTestApp({ config: { unpaidOrderTtlSeconds: 60, supportMaxOpenThreads: 2 } });
});
afterAll(() => t.app.close());

describe('limits read from the configuration', () => {
  it('expires an unpaid order after UNPAID_ORDER_TTL_SECONDS, not the default 1800', async () => {
    const { token } = await registerUser(t.app);
    const product = await createProduct(t, { stockQty: 5 });
    const order = await placeOrder(t.app, token, [{ productId: product.id, quantity: 2 }]);
    t.clock.advance(60_000);
    expect((await t.ctx.services.housekeeping.sweep()).unpaidOrders).toBe(0);
    t.clock.advance(1);
    expect((await t.ctx.services.housekeeping.sweep()).unpaidOrders).toBe(1);
    expect((await t.ctx.repos.orders.findById(order.id))?.status).toBe('ANNULEE');
    expect(await stockOf(t, product.id)).toBe(5);
  });

  it('refuses a customer more open threads than SUPPORT_MAX_OPEN_THREADS', async () => {
    const { token } = await registerUser(t.app);
    const open = () =>
      t.app.inject({
        method: 'POST',
        url: '/api/support/threads',
        headers: bearer(token),
        payload: { subject: 'Question', initial_message: 'Bonjour' },
      });
    expect((await open()).statusCode).toBe(201);
    expect((await open()).statusCode).toBe(201);
    const third = await open();
    expect(third.statusCode).toBe(429);
    expect(third.json()).toMatchObject({ detail: 'Trop de demandes ouvertes.' });
  });
});
