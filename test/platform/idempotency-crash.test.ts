import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { StuckOnceGateway } from '../helpers/gateways.js';
import { adminToken, createProduct, pay, placeOrder, stockOf } from '../helpers/shop.js';
import { bearer, buildTestApp, registerUser, type TestApp } from '../helpers/test-app.js';
import { defaultConfig } from '../helpers/test-config.js';

let t: TestApp;
let gateway: StuckOnceGateway;
beforeAll(async () => {
  gateway = new StuckOnceGateway();
  t = await buildTestApp({ gateway });
});
afterAll(() => t.app.close());

describe('a payment whose request died in progress', () => {
  it('leases outlive neither their holder nor 10 s: the retry with the same key pays once', async () => {
    expect(defaultConfig.paymentClaimLeaseMs).toBeLessThan(defaultConfig.idempotencyLeaseMs);
    expect(defaultConfig.idempotencyLeaseMs).toBeLessThanOrEqual(10_000);
    const { token } = await registerUser(t.app);
    const product = await createProduct(t, { stockQty: 3, priceCents: 2500 });
    const order = await placeOrder(t.app, token, [{ productId: product.id, quantity: 1 }]);
    const key = { 'idempotency-key': 'pay-after-crash' };

    const dead = pay(t.app, token, order.id, undefined, key);
    await new Promise((resolve) => setTimeout(resolve, 50));

    const tooSoon = await pay(t.app, token, order.id, undefined, key);
    expect(tooSoon.statusCode).toBe(409);
    expect(tooSoon.json()).toMatchObject({ code: 'IDEMPOTENCY_IN_PROGRESS' });

    t.clock.advance(defaultConfig.idempotencyLeaseMs);
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

describe('a charge that comes back after the order moved on', () => {
  it('is refunded at once when a cancel got in after its claim lapsed, and the ledger says so', async () => {
    const slow = new StuckOnceGateway();
    const own = await buildTestApp({ gateway: slow });
    try {
      const { token } = await registerUser(own.app);
      const product = await createProduct(own, { stockQty: 4, priceCents: 1999 });
      const order = await placeOrder(own.app, token, [{ productId: product.id, quantity: 2 }]);
      const paying = pay(own.app, token, order.id);
      await new Promise((resolve) => setTimeout(resolve, 50));

      // The claim holds the order while the charge is out...
      const early = await own.app.inject({
        method: 'POST',
        url: '/api/orders/cancel',
        headers: bearer(token),
        payload: { order_id: order.id },
      });
      expect(early.statusCode).toBe(409);
      // ...until its lease lapses.
      own.clock.advance(defaultConfig.paymentClaimLeaseMs);
      const cancel = await own.app.inject({
        method: 'POST',
        url: '/api/orders/cancel',
        headers: bearer(token),
        payload: { order_id: order.id },
      });
      expect(cancel.statusCode).toBe(200);

      slow.release();
      const late = await paying;
      expect(late.statusCode).toBe(400);
      expect(late.json()).toMatchObject({ code: 'ORDER_NOT_PAYABLE' });
      const ledger = await own.ctx.repos.payments.listByOrder(order.id);
      expect(ledger.map((p) => [p.kind, p.succeeded, p.amountCents])).toEqual([
        ['charge', true, 3998],
        ['refund', true, 3998],
      ]);
      const after = await own.ctx.repos.orders.findById(order.id);
      expect(after).toMatchObject({ status: 'ANNULEE', paymentId: null, invoiceId: null });
      expect(await stockOf(own, product.id)).toBe(4);
      const stats = await own.app.inject({ url: '/api/admin/stats', headers: bearer(await adminToken(own)) });
      expect(stats.json().total_revenue_cents).toBe(0);
    } finally {
      await own.app.close();
    }
  });
});
