import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Errors } from '../../src/shared/error-catalog.js';
import { StuckOnceGateway } from '../helpers/gateways.js';
import { createProduct, pay, placeOrder } from '../helpers/shop.js';
import { buildTestApp, registerUser, type TestApp } from '../helpers/test-app.js';

const gateway = new StuckOnceGateway();
let t: TestApp;
beforeAll(async () => {
  t = await buildTestApp({ gateway });
});
afterAll(() => t.app.close());

describe('a payment while another payment of the same order is with the gateway', () => {
  it('answers 409 PAYMENT_IN_PROGRESS, and the first payment still goes through', async () => {
    const { token } = await registerUser(t.app);
    const product = await createProduct(t, { stockQty: 3 });
    const order = await placeOrder(t.app, token, [{ productId: product.id, quantity: 1 }]);

    const first = pay(t.app, token, order.id);
    // The first request holds the order's claim once its charge is with the gateway.
    while ((await t.ctx.repos.orders.findById(order.id))?.paymentClaimedUntil == null) {
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    const second = await pay(t.app, token, order.id);
    expect(second.statusCode).toBe(409);
    expect(second.json()).toEqual({
      detail: Errors.paymentInProgress.detail,
      code: 'PAYMENT_IN_PROGRESS',
    });

    gateway.release();
    expect((await first).statusCode).toBe(200);
    const charges = await t.ctx.repos.payments.listByOrder(order.id);
    expect(charges.filter((p) => p.kind === 'charge')).toHaveLength(1);
  });
});
