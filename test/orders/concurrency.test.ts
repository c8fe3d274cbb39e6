import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MockPaymentGateway } from '../../src/orders/payment-gateway.js';
import {
  addToCart,
  adminPost,
  adminToken,
  checkout,
  createProduct,
  customer,
  pay,
  placeOrder,
  stockOf,
} from '../helpers/shop.js';
import { backendUnavailable, storeBackends, warnWhenPostgresSkipped } from '../helpers/store-backends.js';
import { bearer, buildTestApp, registerUser, type TestApp } from '../helpers/test-app.js';

/** A gateway that takes a few milliseconds, as a real one would, so requests truly overlap. */
class SlowGateway extends MockPaymentGateway {
  override async charge(request: Parameters<MockPaymentGateway['charge']>[0]) {
    await new Promise((resolve) => setTimeout(resolve, 5));
    return super.charge(request);
  }
}

let t: TestApp;
let admin: string;
beforeAll(async () => {
  t = await buildTestApp({ gateway: new SlowGateway() });
  admin = await adminToken(t);
});
afterAll(() => t.app.close());

describe('concurrent requests through app.inject()', () => {
  it('120 checkouts competing for 5 units give exactly 5 orders, stock 0, no 5xx', async () => {
    const product = await createProduct(t, { name: 'Édition limitée', stockQty: 200 });
    const customers = await Promise.all(Array.from({ length: 120 }, () => registerUser(t.app)));
    for (const c of customers) expect((await addToCart(t.app, c.token, product.id, 1)).statusCode).toBe(200);
    await t.ctx.services.catalog.setStock(product.id, 5);

    const results = await Promise.all(customers.map((c) => checkout(t.app, c.token)));
    const statuses = results.map((r) => r.statusCode);
    expect(statuses.filter((s) => s === 201)).toHaveLength(5);
    expect(statuses.filter((s) => s === 400)).toHaveLength(115);
    for (const refused of results.filter((r) => r.statusCode === 400)) {
      expect(refused.json()).toMatchObject({ detail: 'Stock insuffisant pour Édition limitée.' });
    }
    expect(await stockOf(t, product.id)).toBe(0);
    const orders = await t.ctx.repos.orders.list({});
    expect(orders.filter((o) => o.items[0]?.productId === product.id)).toHaveLength(5);
  });

  it('the same cart checked out twice at once makes one order', async () => {
    const { token } = await registerUser(t.app);
    const product = await createProduct(t, { stockQty: 10 });
    await addToCart(t.app, token, product.id, 4);
    const results = await Promise.all([
      checkout(t.app, token),
      checkout(t.app, token),
      checkout(t.app, token),
    ]);
    expect(results.map((r) => r.statusCode).sort()).toEqual([201, 400, 400]);
    expect(await stockOf(t, product.id)).toBe(6);
  });

  it('10 concurrent payments of one order charge it once', async () => {
    const { token } = await registerUser(t.app);
    const order = await placeOrder(t.app, token, [{ productId: (await createProduct(t)).id, quantity: 1 }]);
    const results = await Promise.all(Array.from({ length: 10 }, () => pay(t.app, token, order.id)));
    expect(results.filter((r) => r.statusCode === 200)).toHaveLength(1);
    // A refused payment met the winner's claim (409) or the order already paid (400).
    for (const refused of results.filter((r) => r.statusCode !== 200)) {
      expect([
        [409, 'Paiement en cours pour cette commande, réessayez dans un instant.'],
        [400, 'Statut de commande incompatible avec le paiement.'],
      ]).toContainEqual([refused.statusCode, refused.json().detail]);
    }
    const charges = (await t.ctx.repos.payments.listByOrder(order.id)).filter((p) => p.kind === 'charge');
    expect(charges).toHaveLength(1);
    expect((await t.ctx.repos.orders.findById(order.id))?.status).toBe('PAYEE');
  });

  it('concurrent payments of different orders get consecutive invoice numbers', async () => {
    const fresh = await buildTestApp({ gateway: new SlowGateway() });
    const product = await createProduct(fresh, { stockQty: 100 });
    const buyers = await Promise.all(Array.from({ length: 20 }, () => registerUser(fresh.app)));
    const orders = await Promise.all(
      buyers.map((b) => placeOrder(fresh.app, b.token, [{ productId: product.id, quantity: 1 }])),
    );
    const results = await Promise.all(orders.map((o, i) => pay(fresh.app, buyers[i]?.token ?? '', o.id)));
    expect(results.every((r) => r.statusCode === 200)).toBe(true);
    const numbers = await Promise.all(
      orders.map(async (o) => (await fresh.ctx.repos.invoices.findByOrderId(o.id))?.number),
    );
    expect(numbers.sort()).toEqual(
      Array.from({ length: 20 }, (_, i) => `FAC-2026-${String(i + 1).padStart(6, '0')}`),
    );
    await fresh.app.close();
  });

  it('a cancel racing a payment ends in a consistent state, whichever wins', async () => {
    const { token } = await registerUser(t.app);
    const product = await createProduct(t, { stockQty: 5 });
    const order = await placeOrder(t.app, token, [{ productId: product.id, quantity: 2 }]);
    const cancelReq = t.app.inject({
      method: 'POST',
      url: '/api/orders/cancel',
      headers: bearer(token),
      payload: { order_id: order.id },
    });
    const [paid, cancelled] = await Promise.all([pay(t.app, token, order.id), cancelReq]);
    expect([paid.statusCode, cancelled.statusCode].every((s) => s < 500)).toBe(true);
    const final = await t.ctx.repos.orders.findById(order.id);
    const charges = (await t.ctx.repos.payments.listByOrder(order.id)).filter((p) => p.succeeded);
    expect(charges).toHaveLength(paid.statusCode === 200 ? 1 : 0);
    expect(final?.status).toBe(cancelled.statusCode === 200 ? 'ANNULEE' : 'PAYEE');
    expect(await stockOf(t, product.id)).toBe(final?.status === 'ANNULEE' ? 5 : 3);
  });

  it('refuses a cancel with 409 while the charge is with the gateway', async () => {
    let releaseCharge: () => void = () => {};
    let chargeStarted: () => void = () => {};
    const started = new Promise<void>((resolve) => {
      chargeStarted = resolve;
    });
    class HeldGateway extends MockPaymentGateway {
      override async charge(request: Parameters<MockPaymentGateway['charge']>[0]) {
        chargeStarted();
        await new Promise<void>((resolve) => {
          releaseCharge = resolve;
        });
        return super.charge(request);
      }
    }
    const held = await buildTestApp({ gateway: new HeldGateway() });
    const { token } = await registerUser(held.app);
    const product = await createProduct(held, { stockQty: 5 });
    const order = await placeOrder(held.app, token, [{ productId: product.id, quantity: 2 }]);

    const payment = pay(held.app, token, order.id);
    await started;
    const cancel = await held.app.inject({
      method: 'POST',
      url: '/api/orders/cancel',
      headers: bearer(token),
      payload: { order_id: order.id },
    });
    expect(cancel.statusCode).toBe(409);
    expect(cancel.json().detail).toEqual(expect.any(String));
    releaseCharge();
    expect((await payment).statusCode).toBe(200);
    expect((await held.ctx.repos.orders.findById(order.id))?.status).toBe('PAYEE');
    expect(await stockOf(held, product.id)).toBe(3);
    await held.app.close();
  });

  it('10 concurrent cancels release the stock once', async () => {
    const { token } = await registerUser(t.app);
    const product = await createProduct(t, { stockQty: 5 });
    const order = await placeOrder(t.app, token, [{ productId: product.id, quantity: 5 }]);
    const results = await Promise.all(
      Array.from({ length: 10 }, () =>
        t.app.inject({
          method: 'POST',
          url: '/api/orders/cancel',
          headers: bearer(token),
          payload: { order_id: order.id },
        }),
      ),
    );
    expect(results.filter((r) => r.statusCode === 200)).toHaveLength(1);
    expect(await stockOf(t, product.id)).toBe(5);
  });

  it('concurrent refunds never exceed the payment, and a racing cancel and refund release stock once', async () => {
    const { token } = await registerUser(t.app);
    const product = await createProduct(t, { priceCents: 1000, stockQty: 5 });
    const order = await placeOrder(t.app, token, [{ productId: product.id, quantity: 5 }]);
    await pay(t.app, token, order.id);
    const refunds = await Promise.all(
      Array.from({ length: 10 }, () =>
        adminPost(t.app, admin, '/orders/refund', { order_id: order.id, amount_cents: 3000 }),
      ),
    );
    expect(refunds.filter((r) => r.statusCode === 200)).toHaveLength(1);
    expect((await t.ctx.repos.orders.findById(order.id))?.refundedCents).toBe(3000);

    const [cancel, refund] = await Promise.all([
      t.app.inject({
        method: 'POST',
        url: '/api/orders/cancel',
        headers: bearer(token),
        payload: { order_id: order.id },
      }),
      adminPost(t.app, admin, '/orders/refund', { order_id: order.id }),
    ]);
    expect(refund.statusCode).toBe(200);
    expect([200, 400]).toContain(cancel.statusCode);
    expect((await t.ctx.repos.orders.findById(order.id))?.status).toBe('REMBOURSEE');
    expect(await stockOf(t, product.id)).toBe(5);
  });
});

/** On both stores in the same run: the memory store's answer is the one PostgreSQL must give. */
warnWhenPostgresSkipped('admin edits racing checkouts on both stores');

describe.each(storeBackends)('%s store: an admin edit racing checkouts', (store) => {
  const skip = backendUnavailable(store);
  let t: TestApp;
  beforeAll(async () => {
    if (!skip) t = await buildTestApp({ store });
  });
  afterAll(async () => {
    if (!skip) await t.app.close();
  });

  it.skipIf(skip)(
    'PUT of the price alone never puts back units that checkouts took (issue 10, finding 1)',
    { timeout: 120_000 },
    async () => {
      const { app } = t;
      const admin = await adminToken(t);
      const buyers = [];
      for (let i = 0; i < 6; i += 1) buyers.push(await customer(app));
      for (let round = 0; round < 8; round += 1) {
        const created = await app.inject({
          method: 'POST',
          url: '/api/admin/products',
          headers: bearer(admin),
          payload: { name: `Course ${round}`, price_cents: 1000, stock_qty: 100 },
        });
        const productId = created.json<{ id: string }>().id;
        for (const buyer of buyers) {
          const added = await app.inject({
            method: 'POST',
            url: '/api/cart/add',
            headers: bearer(buyer.token),
            payload: { product_id: productId, quantity: 10 },
          });
          expect(added.statusCode, added.body).toBe(200);
        }
        const [checkouts, edits] = await Promise.all([
          Promise.all(
            buyers.map((buyer) =>
              app.inject({ method: 'POST', url: '/api/orders/checkout', headers: bearer(buyer.token) }),
            ),
          ),
          Promise.all(
            [1100, 1200, 1300].map((price_cents) =>
              app.inject({
                method: 'PUT',
                url: `/api/admin/products/${productId}`,
                headers: bearer(admin),
                payload: { price_cents },
              }),
            ),
          ),
        ]);
        expect(checkouts.map((r) => r.statusCode)).toEqual(buyers.map(() => 201));
        expect(edits.map((r) => r.statusCode)).toEqual([200, 200, 200]);
        const product = await t.ctx.repos.products.findById(productId);
        // Six checkouts of 10 units each left 40 of the 100, whatever the edits did meanwhile.
        expect(product?.stockQty, `round ${round}`).toBe(40);
        expect([1100, 1200, 1300]).toContain(product?.priceCents);
      }
    },
  );
});
