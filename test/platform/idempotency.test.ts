import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MockPaymentGateway } from '../../src/orders/payment-gateway.js';
import { StuckOnceGateway } from '../helpers/gateways.js';
import {
  addToCart,
  adminToken,
  checkout,
  createProduct,
  DECLINED_CARD,
  freePaymentClaim,
  pay,
  placeOrder,
  stockOf,
} from '../helpers/shop.js';
import { bearer, buildTestApp, loginAs, registerUser, type TestApp } from '../helpers/test-app.js';

/**
 * A gateway the test steers: it can hold a charge until released, or fail once the
 * way a crashed provider would.
 */
class SteeredGateway extends MockPaymentGateway {
  hold: Promise<void> | null = null;
  started: () => void = () => {};
  failNext = false;

  override async charge(request: Parameters<MockPaymentGateway['charge']>[0]) {
    this.started();
    if (this.hold) await this.hold;
    if (this.failNext) {
      this.failNext = false;
      throw new Error('gateway unreachable');
    }
    return super.charge(request);
  }
}

let t: TestApp;
let gateway: SteeredGateway;
beforeAll(async () => {
  gateway = new SteeredGateway();
  t = await buildTestApp({ gateway });
});
afterAll(() => t.app.close());

const key = (value: string) => ({ 'idempotency-key': value });

describe('Idempotency-Key on checkout', () => {
  it('replays the first response without a second order', async () => {
    const { token, userId } = await registerUser(t.app);
    const product = await createProduct(t, { stockQty: 10 });
    await addToCart(t.app, token, product.id, 2);
    const first = await checkout(t.app, token, { shipping_address: '1 rue Une, Lyon' }, key('checkout-1'));
    // The cart is now empty: without the key this would be "Panier vide.".
    const replay = await checkout(t.app, token, { shipping_address: '1 rue Une, Lyon' }, key('checkout-1'));
    expect(first.statusCode).toBe(201);
    expect(replay.statusCode).toBe(201);
    expect(replay.json()).toEqual(first.json());
    expect(await t.ctx.repos.orders.list({ userId })).toHaveLength(1);
    expect(await stockOf(t, product.id)).toBe(8);
  });

  it('answers 409 when the same key comes with another body', async () => {
    const { token } = await registerUser(t.app);
    await addToCart(t.app, token, (await createProduct(t)).id, 1);
    await checkout(t.app, token, { shipping_address: '1 rue Une, Lyon' }, key('checkout-2'));
    const other = await checkout(t.app, token, { shipping_address: '2 rue Deux, Lyon' }, key('checkout-2'));
    expect(other.statusCode).toBe(409);
    expect(other.json()).toMatchObject({ detail: "Clé d'idempotence déjà utilisée avec une autre requête." });
  });

  it('keeps keys apart between users', async () => {
    const one = await registerUser(t.app);
    const two = await registerUser(t.app);
    const product = await createProduct(t);
    await addToCart(t.app, one.token, product.id, 1);
    await addToCart(t.app, two.token, product.id, 1);
    const a = await checkout(t.app, one.token, undefined, key('shared'));
    const b = await checkout(t.app, two.token, undefined, key('shared'));
    expect(a.statusCode).toBe(201);
    expect(b.statusCode).toBe(201);
    expect(a.json().id).not.toBe(b.json().id);
  });

  it('expires a key after 24 hours', async () => {
    const { token: firstToken, email } = await registerUser(t.app);
    const product = await createProduct(t);
    await addToCart(t.app, firstToken, product.id, 1);
    const first = await checkout(t.app, firstToken, undefined, key('old'));
    t.clock.advance(24 * 3600 * 1000);
    const token = await loginAs(t.app, email, 'secret123');
    await addToCart(t.app, token, product.id, 1);
    const later = await checkout(t.app, token, undefined, key('old'));
    expect(later.statusCode).toBe(201);
    expect(later.json().id).not.toBe(first.json().id);
  });

  it('refuses a key longer than 255 characters with 422', async () => {
    const { token } = await registerUser(t.app);
    const res = await checkout(t.app, token, undefined, key('k'.repeat(256)));
    expect(res.statusCode).toBe(422);
    expect(res.json().detail[0].loc).toEqual(['header', 'idempotency-key']);
  });
});

describe('Idempotency-Key on pay', () => {
  it('replays the payment without a second charge', async () => {
    const { token } = await registerUser(t.app);
    const order = await placeOrder(t.app, token, [{ productId: (await createProduct(t)).id, quantity: 1 }]);
    const first = await pay(t.app, token, order.id, undefined, key('pay-1'));
    const replay = await pay(t.app, token, order.id, undefined, key('pay-1'));
    expect(first.statusCode).toBe(200);
    expect(replay.statusCode).toBe(200);
    expect(replay.json()).toEqual(first.json());
    expect(await t.ctx.repos.payments.listByOrder(order.id)).toHaveLength(1);
  });

  it('replays a declined payment as the same 400, and a retry with a new key may succeed', async () => {
    const { token } = await registerUser(t.app);
    const order = await placeOrder(t.app, token, [{ productId: (await createProduct(t)).id, quantity: 1 }]);
    const declined = await pay(t.app, token, order.id, DECLINED_CARD, key('pay-2'));
    const replay = await pay(t.app, token, order.id, DECLINED_CARD, key('pay-2'));
    expect(declined.statusCode).toBe(400);
    expect(replay.statusCode).toBe(400);
    expect(replay.json()).toMatchObject({ detail: 'Paiement refusé.' });
    expect(await t.ctx.repos.payments.listByOrder(order.id)).toHaveLength(1);
    expect((await pay(t.app, token, order.id, undefined, key('pay-3'))).statusCode).toBe(200);
  });

  it('treats a reordered body as the same request', async () => {
    const { token } = await registerUser(t.app);
    const order = await placeOrder(t.app, token, [{ productId: (await createProduct(t)).id, quantity: 1 }]);
    await pay(t.app, token, order.id, undefined, key('pay-4'));
    const reordered = await t.app.inject({
      method: 'POST',
      url: '/api/orders/pay',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', ...key('pay-4') },
      payload: `{"cvc":"123","exp_year":2030,"exp_month":12,"card_number":"4242 4242 4242 4242","order_id":"${order.id}"}`,
    });
    expect(reordered.statusCode).toBe(200);
  });
});

describe('Idempotency-Key edge cases', () => {
  it('answers 409 to the same key while its first request is still running, then replays it', async () => {
    const { token } = await registerUser(t.app);
    const order = await placeOrder(t.app, token, [{ productId: (await createProduct(t)).id, quantity: 1 }]);
    let release: () => void = () => {};
    gateway.hold = new Promise<void>((resolve) => {
      release = resolve;
    });
    const started = new Promise<void>((resolve) => {
      gateway.started = resolve;
    });
    const first = pay(t.app, token, order.id, undefined, key('slow'));
    await started;
    const second = await pay(t.app, token, order.id, undefined, key('slow'));
    expect(second.statusCode).toBe(409);
    expect(second.json()).toMatchObject({
      detail: 'Une requête avec cette clé est déjà en cours de traitement.',
    });
    gateway.hold = null;
    release();
    expect((await first).statusCode).toBe(200);
    const replay = await pay(t.app, token, order.id, undefined, key('slow'));
    expect(replay.statusCode).toBe(200);
    expect(replay.json()).toEqual((await first).json());
  });

  it('forgets the key of a request that failed on our side, so a retry runs again', async () => {
    const { token } = await registerUser(t.app);
    const order = await placeOrder(t.app, token, [{ productId: (await createProduct(t)).id, quantity: 1 }]);
    gateway.failNext = true;
    const crashed = await pay(t.app, token, order.id, undefined, key('retry'));
    expect(crashed.statusCode).toBe(500);
    expect(crashed.json()).toMatchObject({ detail: 'Erreur interne du serveur' });
    const retry = await pay(t.app, token, order.id, undefined, key('retry'));
    expect(retry.statusCode).toBe(200);
    expect(retry.json()).toMatchObject({ order_id: order.id, succeeded: true });
  });

  it('keeps a key used for a checkout apart from the same key used for a payment', async () => {
    const { token } = await registerUser(t.app);
    await addToCart(t.app, token, (await createProduct(t)).id, 1);
    const placed = await checkout(t.app, token, undefined, key('shared-key'));
    expect(placed.statusCode).toBe(201);
    const paid = await pay(t.app, token, placed.json().id, undefined, key('shared-key'));
    expect(paid.statusCode).toBe(200);
    expect(paid.json()).toMatchObject({ order_id: placed.json().id, succeeded: true });
  });
});

describe('a payment whose request is slow', () => {
  let t: TestApp;
  let gateway: StuckOnceGateway;
  beforeAll(async () => {
    gateway = new StuckOnceGateway();
    t = await buildTestApp({ gateway });
  });
  afterAll(() => t.app.close());

  it('never lets a retry overtake a live holder, however slow: it waits, then replays that answer', async () => {
    const { token } = await registerUser(t.app);
    const product = await createProduct(t, { stockQty: 3, priceCents: 2500 });
    const order = await placeOrder(t.app, token, [{ productId: product.id, quantity: 1 }]);
    const key = { 'idempotency-key': 'pay-after-crash' };

    const dead = pay(t.app, token, order.id, undefined, key);
    await new Promise((resolve) => setTimeout(resolve, 50));

    const tooSoon = await pay(t.app, token, order.id, undefined, key);
    expect(tooSoon.statusCode).toBe(409);
    expect(tooSoon.json()).toMatchObject({ code: 'IDEMPOTENCY_IN_PROGRESS' });

    // Issue 28: no time lease. An hour later the holder still runs, and still holds its key.
    t.clock.advance(60 * 60 * 1000);
    const stillRunning = await pay(t.app, token, order.id, undefined, key);
    expect(stillRunning.statusCode).toBe(409);
    expect(stillRunning.json()).toMatchObject({ code: 'IDEMPOTENCY_IN_PROGRESS' });

    gateway.release();
    const first = await dead;
    expect(first.statusCode).toBe(200);
    const retry = await pay(t.app, token, order.id, undefined, key);
    expect(retry.statusCode).toBe(200);
    expect(retry.json()).toEqual(first.json());
    expect((await t.ctx.repos.orders.findById(order.id))?.status).toBe('PAYEE');
    const charges = await t.ctx.repos.payments.listByOrder(order.id);
    expect(charges.filter((p) => p.kind === 'charge' && p.succeeded)).toHaveLength(1);
    expect((await t.ctx.repos.invoices.findByOrderId(order.id))?.number).toMatch(/^FAC-\d{4}-000001$/);
    const replay = await pay(t.app, token, order.id, undefined, key);
    expect(replay.statusCode).toBe(200);
    expect(replay.json()).toEqual(retry.json());
  });
});

describe('a charge that comes back after the order moved on', () => {
  it('is refunded at once when a cancel got in after its claim was freed, and the ledger says so', async () => {
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
      // ...until it is freed (its instance declared dead while the charge was still out).
      await freePaymentClaim(own, order.id);
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

/**
 * Issue 12: one customer sending fresh Idempotency-Keys grew the server without bound. Past
 * IDEMPOTENCY_MAX_KEYS_PER_USER live keys, a new key forgets that customer's oldest
 * completed one (so a retry of it runs again); keys still in progress are never forgotten,
 * and a customer whose bound is full of them gets 429. On the backend of the run.
 */
const MAX_KEYS = 3;

describe('Idempotency-Key bounds per user', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await buildTestApp({ config: { idempotencyMaxKeysPerUser: MAX_KEYS } });
  });
  afterAll(() => t.app.close());

  it("forgets the customer's oldest answer past the bound: its retry runs again", async () => {
    const { token } = await registerUser(t.app);
    const product = await createProduct(t);
    await addToCart(t.app, token, product.id, 1);
    const first = await checkout(t.app, token, undefined, key('k-1'));
    expect(first.statusCode).toBe(201);
    for (const name of ['k-2', 'k-3', 'k-4']) {
      const empty = await checkout(t.app, token, undefined, key(name));
      expect(empty.json()).toMatchObject({ detail: 'Panier vide.' });
    }

    await addToCart(t.app, token, product.id, 1);
    // k-4 is among the 3 kept: its stored 400 is replayed, although the cart is full now.
    const replayed = await checkout(t.app, token, undefined, key('k-4'));
    expect(replayed.statusCode).toBe(400);
    expect(replayed.json()).toMatchObject({ detail: 'Panier vide.' });
    // k-1 was forgotten: the retry is a new request, so it places a second order.
    const again = await checkout(t.app, token, undefined, key('k-1'));
    expect(again.statusCode).toBe(201);
    expect(again.json().id).not.toBe(first.json().id);
  });

  it("keeps another customer's answers while one customer floods keys", async () => {
    const patient = await registerUser(t.app);
    const flooder = await registerUser(t.app);
    const kept = await checkout(t.app, patient.token, undefined, key('mine'));
    for (let i = 0; i < 20; i += 1) await checkout(t.app, flooder.token, undefined, key(`flood-${i}`));

    const product = await createProduct(t);
    await addToCart(t.app, patient.token, product.id, 1);
    const replayed = await checkout(t.app, patient.token, undefined, key('mine'));
    expect(replayed.statusCode).toBe(kept.statusCode);
    expect(replayed.json()).toEqual(kept.json());
  });
});

describe('Idempotency-Key bound full of requests in progress', () => {
  let t: TestApp;
  let gateway: StuckOnceGateway;
  beforeAll(async () => {
    gateway = new StuckOnceGateway();
    t = await buildTestApp({ config: { idempotencyMaxKeysPerUser: 1 }, gateway });
  });
  afterAll(() => t.app.close());

  it('answers 429 in French, and takes the next key once the running one ends', async () => {
    const { token } = await registerUser(t.app);
    const product = await createProduct(t);
    await addToCart(t.app, token, product.id, 1);
    const order = (await checkout(t.app, token)).json();

    // The payment waits at the gateway, holding the customer's only key.
    const waiting = gateway.release;
    const paying = pay(t.app, token, order.id, undefined, key('pay-1'));
    while (gateway.release === waiting) await new Promise((resolve) => setTimeout(resolve, 5));
    const refused = await checkout(t.app, token, undefined, key('checkout-1'));
    expect(refused.statusCode).toBe(429);
    expect(refused.json()).toMatchObject({
      detail: "Trop de requêtes avec clé d'idempotence en cours, réessayez dans un instant.",
      code: 'IDEMPOTENCY_KEYS_EXHAUSTED',
    });

    gateway.release();
    expect((await paying).statusCode).toBe(200);
    const accepted = await checkout(t.app, token, undefined, key('checkout-1'));
    expect(accepted.json()).toMatchObject({ detail: 'Panier vide.' });
  });
});
