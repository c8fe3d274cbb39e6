import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IN_PROGRESS_LEASE_MS } from '../../src/services/idempotency.service.js';
import { PAYMENT_CLAIM_LEASE_MS } from '../../src/services/payment.service.js';
import { MockPaymentGateway } from '../../src/services/payment-gateway.js';
import { createProduct, pay, placeOrder } from '../helpers/shop.js';
import { buildTestApp, registerUser, type TestApp } from '../helpers/test-app.js';

/**
 * A gateway whose first charge never answers until the test lets it: the request that
 * made it stands for an instance that died mid-payment, holding its idempotency key and
 * its payment claim.
 */
class StuckOnceGateway extends MockPaymentGateway {
  private stuck = true;
  release: () => void = () => {};

  override async charge(request: Parameters<MockPaymentGateway['charge']>[0]) {
    if (this.stuck) {
      this.stuck = false;
      await new Promise<void>((resolve) => {
        this.release = resolve;
      });
    }
    return super.charge(request);
  }
}

let t: TestApp;
let gateway: StuckOnceGateway;
beforeAll(async () => {
  gateway = new StuckOnceGateway();
  t = await buildTestApp({ gateway });
});
afterAll(() => t.app.close());

describe('a payment whose request died in progress', () => {
  it('leases outlive neither their holder nor 10 s: the retry with the same key pays once', async () => {
    expect(PAYMENT_CLAIM_LEASE_MS).toBeLessThan(IN_PROGRESS_LEASE_MS);
    expect(IN_PROGRESS_LEASE_MS).toBeLessThanOrEqual(10_000);
    const { token } = await registerUser(t.app);
    const product = await createProduct(t, { stockQty: 3, priceCents: 2500 });
    const order = await placeOrder(t.app, token, [{ productId: product.id, quantity: 1 }]);
    const key = { 'idempotency-key': 'pay-after-crash' };

    const dead = pay(t.app, token, order.id, undefined, key);
    await new Promise((resolve) => setTimeout(resolve, 50));

    const tooSoon = await pay(t.app, token, order.id, undefined, key);
    expect(tooSoon.statusCode).toBe(409);
    expect(tooSoon.json()).toMatchObject({ code: 'IDEMPOTENCY_IN_PROGRESS' });

    t.clock.advance(IN_PROGRESS_LEASE_MS);
    const retry = await pay(t.app, token, order.id, undefined, key);
    expect(retry.statusCode).toBe(200);
    expect((await t.ctx.repos.orders.findById(order.id))?.status).toBe('PAYEE');

    // The stuck request wakes up late: it must neither charge again nor change the answer.
    gateway.release();
    expect((await dead).statusCode).toBe(400);
    const charges = await t.ctx.repos.payments.listByOrder(order.id);
    expect(charges.filter((p) => p.kind === 'charge' && p.succeeded)).toHaveLength(1);
    expect((await t.ctx.repos.invoices.findByOrderId(order.id))?.number).toMatch(/^FAC-\d{4}-000001$/);
    const replay = await pay(t.app, token, order.id, undefined, key);
    expect(replay.statusCode).toBe(200);
    expect(replay.json()).toEqual(retry.json());
  });
});
