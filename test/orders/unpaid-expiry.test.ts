import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TRANSITIONS } from '../../src/orders/order.js';
import {
  type ChargeRequest,
  type ChargeResult,
  MockPaymentGateway,
} from '../../src/orders/payment-gateway.js';
import { adminPost, adminToken, createProduct, pay, placeOrder, stockOf } from '../helpers/shop.js';
import { bearer, buildTestApp, registerUser, type TestApp } from '../helpers/test-app.js';
import { defaultConfig } from '../helpers/test-config.js';

const TTL_MS = defaultConfig.unpaidOrderTtlSeconds * 1000;

/** The mock gateway, but a charge waits until the test lets it go: a payment held in flight. */
class HeldGateway extends MockPaymentGateway {
  private release: (() => void) | undefined;
  hold = false;
  started: Promise<void> = Promise.resolve();
  private markStarted: (() => void) | undefined;

  armHold(): void {
    this.hold = true;
    this.started = new Promise((resolve) => {
      this.markStarted = resolve;
    });
  }

  letGo(): void {
    this.hold = false;
    this.release?.();
  }

  override async charge(request: ChargeRequest): Promise<ChargeResult> {
    if (this.hold) {
      const released = new Promise<void>((resolve) => {
        this.release = resolve;
      });
      this.markStarted?.();
      await released;
    }
    return super.charge(request);
  }
}

const gateway = new HeldGateway();
let t: TestApp;
let admin: string;
beforeAll(async () => {
  t = await buildTestApp({ gateway });
  admin = await adminToken(t);
});
afterAll(() => t.app.close());

const sweep = async (): Promise<number> => {
  const expired = (await t.ctx.services.housekeeping.sweep()).unpaidOrders;
  if (expired === undefined) throw new Error('housekeeping does not sweep unpaid orders');
  return expired;
};
const orderOf = async (id: string) => {
  const order = await t.ctx.repos.orders.findById(id);
  if (!order) throw new Error('order vanished');
  return order;
};
/** Expires whatever earlier tests left unpaid, so each test counts only its own orders. */
const drain = async () => {
  t.clock.advance(TTL_MS + 1);
  while ((await sweep()) !== 0);
};

describe('unpaid orders expire (issue 12 §7)', () => {
  it('cancels an order unpaid past the TTL as the system, releasing its stock exactly once', async () => {
    await drain();
    const { token } = await registerUser(t.app);
    const product = await createProduct(t, { stockQty: 10 });
    const order = await placeOrder(t.app, token, [{ productId: product.id, quantity: 3 }]);
    expect(await stockOf(t, product.id)).toBe(7);

    t.clock.advance(TTL_MS);
    expect(await sweep()).toBe(0); // exactly the TTL old: not yet
    expect((await orderOf(order.id)).status).toBe('CREE');

    t.clock.advance(1);
    expect(await sweep()).toBe(1);
    const expired = await orderOf(order.id);
    expect(expired.status).toBe('ANNULEE');
    expect(expired.cancelledAt).toBe(t.clock.now());
    expect(expired.history.at(-1)).toEqual({ status: 'ANNULEE', at: t.clock.now(), actor: 'system' });
    expect(await stockOf(t, product.id)).toBe(10);

    // Once: another pass, and a customer cancel after it, put nothing back.
    expect(await sweep()).toBe(0);
    const cancel = await t.app.inject({
      method: 'POST',
      url: '/api/orders/cancel',
      headers: bearer(token),
      payload: { order_id: order.id },
    });
    expect(cancel.statusCode).toBe(400);
    expect(cancel.json()).toMatchObject({ detail: 'Commande déjà annulée.' });
    expect(await stockOf(t, product.id)).toBe(10);

    // Paying it afterwards is the existing refusal, and charges nothing.
    const paid = await pay(t.app, token, order.id);
    expect(paid.statusCode).toBe(400);
    expect(paid.json()).toMatchObject({ detail: 'Statut de commande incompatible avec le paiement.' });
    expect((await orderOf(order.id)).paymentId).toBeNull();

    // The customer sees it cancelled.
    const seen = await t.app.inject({ url: `/api/orders/${order.id}`, headers: bearer(token) });
    expect(seen.json()).toMatchObject({ status: 'ANNULEE' });
  });

  it('expires VALIDEE orders too, and leaves paid and young orders alone', async () => {
    await drain();
    const { token } = await registerUser(t.app);
    const product = await createProduct(t, { stockQty: 10 });
    const validated = await placeOrder(t.app, token, [{ productId: product.id, quantity: 1 }]);
    expect((await adminPost(t.app, admin, '/orders/validate', { order_id: validated.id })).statusCode).toBe(
      200,
    );
    const paid = await placeOrder(t.app, token, [{ productId: product.id, quantity: 2 }]);
    expect((await pay(t.app, token, paid.id)).statusCode).toBe(200);
    t.clock.advance(TTL_MS / 2);
    const young = await placeOrder(t.app, token, [{ productId: product.id, quantity: 4 }]);
    expect(await stockOf(t, product.id)).toBe(3);

    t.clock.advance(TTL_MS / 2 + 1);
    expect(await sweep()).toBe(1);
    expect((await orderOf(validated.id)).status).toBe('ANNULEE');
    expect((await orderOf(validated.id)).history.map((h) => h.status)).toEqual([
      'CREE',
      'VALIDEE',
      'ANNULEE',
    ]);
    expect((await orderOf(paid.id)).status).toBe('PAYEE');
    expect((await orderOf(young.id)).status).toBe('CREE');
    expect(await stockOf(t, product.id)).toBe(4);
  });

  it('never expires an order whose payment is in flight; the payment completes', async () => {
    await drain();
    const { token } = await registerUser(t.app);
    const product = await createProduct(t, { stockQty: 5 });
    const order = await placeOrder(t.app, token, [{ productId: product.id, quantity: 2 }]);
    t.clock.advance(TTL_MS - 1_000);

    gateway.armHold();
    const paying = pay(t.app, token, order.id);
    await gateway.started; // the claim is taken, in time, and the charge is with the gateway
    expect((await orderOf(order.id)).paymentClaimedUntil).not.toBeNull();
    t.clock.advance(2_000); // past the TTL, within the claim's lease
    expect(await sweep()).toBe(0);
    expect((await orderOf(order.id)).status).toBe('CREE');
    // A reader meeting it then leaves it alone too.
    const seen = await t.app.inject({ url: `/api/orders/${order.id}`, headers: bearer(token) });
    expect(seen.json()).toMatchObject({ status: 'CREE' });

    gateway.letGo();
    expect((await paying).statusCode).toBe(200);
    expect((await orderOf(order.id)).status).toBe('PAYEE');
    expect(await stockOf(t, product.id)).toBe(3);
    expect(await sweep()).toBe(0);
  });

  it('expires an order once the claim of a payment that died has lapsed', async () => {
    await drain();
    const { token, userId } = await registerUser(t.app);
    const product = await createProduct(t, { stockQty: 5 });
    const order = await placeOrder(t.app, token, [{ productId: product.id, quantity: 2 }]);
    t.clock.advance(TTL_MS - 1_000);
    const now = t.clock.now();
    const claimed = await t.ctx.repos.orders.claimPayment(order.id, {
      ownerId: userId,
      payableFrom: TRANSITIONS.pay.from,
      createdSince: now - TTL_MS,
      now,
      leaseUntil: now + 5_000,
    });
    expect(claimed?.order.paymentClaimedUntil).toBe(now + 5_000);
    t.clock.advance(2_000); // past the TTL, within the lease
    expect(await sweep()).toBe(0);
    t.clock.advance(3_000); // the lease's end
    expect(await sweep()).toBe(1);
    expect(await stockOf(t, product.id)).toBe(5);
  });

  it('refuses a payment at TTL + 1 s with the expiry message before any sweep, and expires the order', async () => {
    await drain();
    const { token } = await registerUser(t.app);
    const product = await createProduct(t, { stockQty: 6 });
    const order = await placeOrder(t.app, token, [{ productId: product.id, quantity: 2 }]);
    t.clock.advance(TTL_MS + 1_000);

    const paid = await pay(t.app, token, order.id);
    expect(paid.statusCode).toBe(400);
    expect(paid.json()).toEqual({
      detail: 'Statut de commande incompatible avec le paiement.',
      code: 'ORDER_NOT_PAYABLE',
    });
    expect(await t.ctx.repos.payments.listByOrder(order.id)).toEqual([]);
    const expired = await orderOf(order.id);
    expect(expired).toMatchObject({ status: 'ANNULEE', paymentId: null, cancelledAt: t.clock.now() });
    expect(expired.history.at(-1)).toEqual({ status: 'ANNULEE', at: t.clock.now(), actor: 'system' });
    expect(await stockOf(t, product.id)).toBe(6);
    // The sweep finds nothing left to do, and gives nothing back twice.
    expect(await sweep()).toBe(0);
    expect(await stockOf(t, product.id)).toBe(6);
  });

  it('still takes a payment at exactly the TTL', async () => {
    await drain();
    const { token } = await registerUser(t.app);
    const order = await placeOrder(t.app, token, [{ productId: (await createProduct(t)).id, quantity: 1 }]);
    t.clock.advance(TTL_MS);
    expect((await pay(t.app, token, order.id)).statusCode).toBe(200);
    expect((await orderOf(order.id)).status).toBe('PAYEE');
  });

  it('shows a reader an order past its TTL as expired, stock released, before any sweep', async () => {
    await drain();
    const { token } = await registerUser(t.app);
    const product = await createProduct(t, { stockQty: 9 });
    const read = await placeOrder(t.app, token, [{ productId: product.id, quantity: 3 }]);
    const listed = await placeOrder(t.app, token, [{ productId: product.id, quantity: 2 }]);
    expect(await stockOf(t, product.id)).toBe(4);
    t.clock.advance(TTL_MS + 1_000);

    const seen = await t.app.inject({ url: `/api/orders/${read.id}`, headers: bearer(token) });
    expect(seen.statusCode).toBe(200);
    expect(seen.json()).toMatchObject({ status: 'ANNULEE' });
    expect(await stockOf(t, product.id)).toBe(7);

    const mine = await t.app.inject({ url: '/api/orders', headers: bearer(token) });
    expect(mine.json().orders.map((o: { id: string; status: string }) => [o.id, o.status])).toEqual([
      [read.id, 'ANNULEE'],
      [listed.id, 'ANNULEE'],
    ]);
    expect(await stockOf(t, product.id)).toBe(9);
    expect((await orderOf(listed.id)).history.filter((h) => h.status === 'ANNULEE')).toHaveLength(1);
    expect(await sweep()).toBe(0);
    expect(await stockOf(t, product.id)).toBe(9);
  });

  it('expires each order once when two passes (two instances) run at the same time', async () => {
    await drain();
    const { token } = await registerUser(t.app);
    const product = await createProduct(t, { stockQty: 20 });
    const ids: string[] = [];
    for (let i = 0; i < 6; i += 1)
      ids.push((await placeOrder(t.app, token, [{ productId: product.id, quantity: 2 }])).id);
    expect(await stockOf(t, product.id)).toBe(8);
    t.clock.advance(TTL_MS + 1);

    const now = t.clock.now();
    const passes = await Promise.all([
      t.ctx.services.orders.expireUnpaid(now, 100),
      t.ctx.services.orders.expireUnpaid(now, 100),
      t.ctx.services.orders.expireUnpaid(now, 100),
    ]);
    expect(passes.reduce((a, b) => a + b, 0)).toBe(6);
    expect(await stockOf(t, product.id)).toBe(20);
    for (const id of ids) {
      const order = await orderOf(id);
      expect(order.history.filter((h) => h.status === 'ANNULEE')).toHaveLength(1);
    }
  });

  it('releases the stock once when the sweep races the customer cancelling', async () => {
    await drain();
    const { token } = await registerUser(t.app);
    const product = await createProduct(t, { stockQty: 10 });
    const order = await placeOrder(t.app, token, [{ productId: product.id, quantity: 4 }]);
    t.clock.advance(TTL_MS + 1);
    const [expired, cancel] = await Promise.all([
      sweep(),
      t.app.inject({
        method: 'POST',
        url: '/api/orders/cancel',
        headers: bearer(token),
        payload: { order_id: order.id },
      }),
    ]);
    // Exactly one of them moved it.
    expect(expired + (cancel.statusCode === 200 ? 1 : 0)).toBe(1);
    expect((await orderOf(order.id)).status).toBe('ANNULEE');
    expect(await stockOf(t, product.id)).toBe(10);
  });
});

describe('OrderService with the default unpaid TTL', () => {
  it('expires an unpaid order once more than 30 minutes have passed since checkout', async () => {
    const MINUTE = 60_000;
    await drain();
    const { token } = await registerUser(t.app);
    const order = await placeOrder(t.app, token, [{ productId: (await createProduct(t)).id, quantity: 1 }]);
    const checkedOutAt = t.clock.now();
    expect(await t.ctx.services.orders.expireUnpaid(checkedOutAt + 30 * MINUTE, 10)).toBe(0);
    expect(await t.ctx.services.orders.expireUnpaid(checkedOutAt + 30 * MINUTE + 1, 10)).toBe(1);
    expect((await orderOf(order.id)).status).toBe('ANNULEE');
  });
});
