import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  addToCart,
  adminPost,
  adminToken,
  checkout,
  createProduct,
  pay,
  placeOrder,
  stockOf,
} from '../helpers/shop.js';
import { bearer, buildTestApp, registerUser, type TestApp } from '../helpers/test-app.js';

let t: TestApp;
let admin: string;
beforeAll(async () => {
  t = await buildTestApp();
  admin = await adminToken(t);
});
afterAll(() => t.app.close());

async function paidOrder(priceCents = 5000, quantity = 1) {
  const customer = await registerUser(t.app, { address: '5 rue du Profil, Rennes' });
  const product = await createProduct(t, { priceCents, stockQty: 10 });
  const order = await placeOrder(t.app, customer.token, [{ productId: product.id, quantity }]);
  expect((await pay(t.app, customer.token, order.id)).statusCode).toBe(200);
  return { customer, product, order };
}

describe('admin order routes', () => {
  it('are refused to customers with 403 and to anonymous callers with 401', async () => {
    const { token } = await registerUser(t.app);
    const asCustomer = await t.app.inject({ url: '/api/admin/orders', headers: bearer(token) });
    expect(asCustomer.statusCode).toBe(403);
    expect(asCustomer.json()).toMatchObject({ detail: 'Droits administrateur requis' });
    expect((await t.app.inject({ url: '/api/admin/orders' })).statusCode).toBe(401);
  });

  it('GET /orders lists every user’s orders, oldest first, filtered by status and user_id', async () => {
    const { customer, order: paid } = await paidOrder();
    const other = await registerUser(t.app);
    const pending = await placeOrder(t.app, other.token, [
      { productId: (await createProduct(t)).id, quantity: 1 },
    ]);
    const list = async (query = '') =>
      (await t.app.inject({ url: `/api/admin/orders${query}`, headers: bearer(admin) }))
        .json()
        .orders.map((o: { id: string }) => o.id);
    const all = await list();
    expect(all.indexOf(paid.id)).toBeLessThan(all.indexOf(pending.id));
    expect(await list('?status=PAYEE')).toContain(paid.id);
    expect(await list('?status=PAYEE')).not.toContain(pending.id);
    expect(await list(`?user_id=${customer.userId}`)).toEqual([paid.id]);
    const bad = await t.app.inject({ url: '/api/admin/orders?status=PERDUE', headers: bearer(admin) });
    expect(bad.statusCode).toBe(422);
    expect(bad.json().detail[0].loc).toEqual(['query', 'status']);
  });

  it('ships to the profile address with the default carrier and a TRK tracking number', async () => {
    const { order } = await paidOrder();
    const res = await adminPost(t.app, admin, '/orders/ship', { order_id: order.id });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ status: 'EXPEDIEE', shipped_at: t.clock.now() / 1000 });
    expect(res.json().delivery).toEqual({
      id: expect.any(String),
      carrier: 'POSTE',
      tracking_number: expect.stringMatching(/^TRK-[0-9A-F]{10}$/),
      address: '5 rue du Profil, Rennes',
      status: 'EN_COURS',
    });
  });

  it('ships to the order’s shipping address when it has one, with the given carrier', async () => {
    const customer = await registerUser(t.app);
    await addToCart(t.app, customer.token, (await createProduct(t)).id, 1);
    const order = (
      await checkout(t.app, customer.token, { shipping_address: '77 avenue Livraison, Brest' })
    ).json();
    await pay(t.app, customer.token, order.id);
    const res = await adminPost(t.app, admin, '/orders/ship', { order_id: order.id, carrier: 'Colissimo' });
    expect(res.json().delivery).toMatchObject({
      carrier: 'Colissimo',
      address: '77 avenue Livraison, Brest',
    });
  });

  it('delivers a shipped order and marks the delivery LIVREE', async () => {
    const { order } = await paidOrder();
    await adminPost(t.app, admin, '/orders/ship', { order_id: order.id });
    const res = await adminPost(t.app, admin, '/orders/deliver', { order_id: order.id });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ status: 'LIVREE', delivery: { status: 'LIVREE' } });
  });

  it('answers 404 for ship, deliver and refund of an unknown order, 400 for validate', async () => {
    for (const action of ['ship', 'deliver', 'refund']) {
      const res = await adminPost(t.app, admin, `/orders/${action}`, { order_id: 'nope' });
      expect(res.statusCode).toBe(404);
      expect(res.json()).toMatchObject({ detail: 'Commande introuvable' });
    }
    const validate = await adminPost(t.app, admin, '/orders/validate', { order_id: 'nope' });
    expect(validate.statusCode).toBe(400);
    expect(validate.json()).toMatchObject({ detail: 'Commande introuvable ou mauvais statut.' });
  });
});

describe('POST /api/admin/orders/refund', () => {
  it('records partial refunds, keeps the status, then a full refund sets REMBOURSEE and releases stock', async () => {
    const { product, order } = await paidOrder(5000, 2);
    expect(await stockOf(t, product.id)).toBe(8);

    const partial = await adminPost(t.app, admin, '/orders/refund', {
      order_id: order.id,
      amount_cents: 3000,
    });
    expect(partial.statusCode).toBe(200);
    expect(partial.json()).toMatchObject({ status: 'PAYEE', refunded_cents: 3000, refunded_euros: 30 });
    expect(await stockOf(t, product.id)).toBe(8);

    const tooMuch = await adminPost(t.app, admin, '/orders/refund', {
      order_id: order.id,
      amount_cents: 7001,
    });
    expect(tooMuch.statusCode).toBe(400);
    expect(tooMuch.json()).toMatchObject({ detail: 'Montant de remboursement invalide.' });

    const rest = await adminPost(t.app, admin, '/orders/refund', { order_id: order.id });
    expect(rest.json()).toMatchObject({
      status: 'REMBOURSEE',
      refunded_cents: 10000,
      refunded_at: t.clock.now() / 1000,
    });
    expect(await stockOf(t, product.id)).toBe(10);

    const refunds = (await t.ctx.repos.payments.listByOrder(order.id)).filter((p) => p.kind === 'refund');
    expect(refunds.map((r) => r.amountCents)).toEqual([3000, 7000]);
  });

  it.each([0, -5])('refuses amount_cents %s', async (amount) => {
    const { order } = await paidOrder();
    const res = await adminPost(t.app, admin, '/orders/refund', { order_id: order.id, amount_cents: amount });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ detail: 'Montant de remboursement invalide.' });
  });

  it('refunds a paid order cancelled by its customer without releasing the stock a second time', async () => {
    const { customer, product, order } = await paidOrder(4000, 3);
    await t.app.inject({
      method: 'POST',
      url: '/api/orders/cancel',
      headers: bearer(customer.token),
      payload: { order_id: order.id },
    });
    expect(await stockOf(t, product.id)).toBe(10);
    const res = await adminPost(t.app, admin, '/orders/refund', { order_id: order.id });
    expect(res.json()).toMatchObject({ status: 'REMBOURSEE', refunded_cents: 12000 });
    expect(await stockOf(t, product.id)).toBe(10);
  });
});
