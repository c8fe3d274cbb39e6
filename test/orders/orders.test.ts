import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  addToCart,
  adminToken,
  checkout,
  createProduct,
  customer,
  DECLINED_CARD,
  pay,
  placeOrder,
  stockOf,
  VALID_CARD,
} from '../helpers/shop.js';
import { backendUnavailable, storeBackends, warnWhenPostgresSkipped } from '../helpers/store-backends.js';
import { bearer, buildTestApp, registerUser, type TestApp } from '../helpers/test-app.js';

let t: TestApp;
beforeAll(async () => {
  t = await buildTestApp();
});
afterAll(() => t.app.close());

const cartOf = async (token: string) =>
  (await t.app.inject({ url: '/api/cart', headers: bearer(token) })).json();

describe('POST /api/orders/checkout', () => {
  it('creates a CREE order with price snapshots, reserves stock and empties the cart', async () => {
    const { token, userId } = await registerUser(t.app);
    const a = await createProduct(t, { name: 'Bonnet', priceCents: 1250, stockQty: 5 });
    const b = await createProduct(t, { name: 'Gants', priceCents: 999, stockQty: 2 });
    await addToCart(t.app, token, a.id, 2);
    await addToCart(t.app, token, b.id, 1);

    const res = await checkout(t.app, token, { shipping_address: '  8 quai Ouest, Nantes ' });
    expect(res.statusCode).toBe(201);
    const order = res.json();
    expect(order).toMatchObject({
      user_id: userId,
      status: 'CREE',
      total_cents: 3499,
      total_euros: 34.99,
      shipping_address: '8 quai Ouest, Nantes',
      refunded_cents: 0,
      payment_id: null,
      invoice_id: null,
      delivery: null,
      history: [{ status: 'CREE', at: t.clock.now() / 1000, actor: 'customer' }],
    });
    expect(order.items).toEqual([
      {
        product_id: a.id,
        variant_id: a.variants[0]?.id,
        sku: a.variants[0]?.sku,
        options: {},
        name: 'Bonnet',
        unit_price_cents: 1250,
        unit_price_euros: 12.5,
        quantity: 2,
        line_total_cents: 2500,
        line_total_euros: 25,
        image_url: null,
      },
      {
        product_id: b.id,
        variant_id: b.variants[0]?.id,
        sku: b.variants[0]?.sku,
        options: {},
        name: 'Gants',
        unit_price_cents: 999,
        unit_price_euros: 9.99,
        quantity: 1,
        line_total_cents: 999,
        line_total_euros: 9.99,
        image_url: null,
      },
    ]);
    expect(await stockOf(t, a.id)).toBe(3);
    expect(await stockOf(t, b.id)).toBe(1);
    expect((await cartOf(token)).items).toEqual([]);

    await t.ctx.repos.products.update(a.id, { name: 'Renamed', priceCents: 1 });
    const again = (await t.app.inject({ url: `/api/orders/${order.id}`, headers: bearer(token) })).json();
    expect(again.items[0]).toMatchObject({ name: 'Bonnet', unit_price_cents: 1250 });
  });

  it('accepts no body at all', async () => {
    const { token } = await registerUser(t.app);
    await addToCart(t.app, token, (await createProduct(t)).id, 1);
    const res = await checkout(t.app, token);
    expect(res.statusCode).toBe(201);
    expect(res.json().shipping_address).toBeNull();
  });

  it('refuses an empty cart', async () => {
    const { token } = await registerUser(t.app);
    const res = await checkout(t.app, token);
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ detail: 'Panier vide.' });
  });

  it('refuses a short shipping address with 422', async () => {
    const { token } = await registerUser(t.app);
    await addToCart(t.app, token, (await createProduct(t)).id, 1);
    const res = await checkout(t.app, token, { shipping_address: 'abc' });
    expect(res.statusCode).toBe(422);
    expect(res.json().detail[0].loc).toEqual(['body', 'shipping_address']);
  });

  it.each([
    ['stock ran out', 'stock', 'Stock insuffisant pour Rare.'],
    ['a product was deactivated', 'inactive', 'Produit indisponible : Rare.'],
  ])('is all-or-nothing when %s: no stock moves and the cart is kept', async (_name, failure, detail) => {
    const { token } = await registerUser(t.app);
    const plenty = await createProduct(t, { stockQty: 10 });
    const rare = await createProduct(t, { name: 'Rare', stockQty: 2 });
    await addToCart(t.app, token, plenty.id, 3);
    await addToCart(t.app, token, rare.id, 2);
    if (failure === 'stock') await t.ctx.services.catalog.setStock(rare.id, 1);
    else await t.ctx.repos.products.update(rare.id, { active: false });

    const res = await checkout(t.app, token);
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ detail });
    expect(await stockOf(t, plenty.id)).toBe(10);
    expect(await stockOf(t, rare.id)).toBe(failure === 'stock' ? 1 : 2);
    expect((await cartOf(token)).items.map((i: { quantity: number }) => i.quantity)).toEqual([3, 2]);
  });
});

describe('POST /api/orders/pay', () => {
  it('pays, moves to PAYEE and issues an invoice', async () => {
    const { token } = await registerUser(t.app);
    const order = await placeOrder(t.app, token, [
      { productId: (await createProduct(t, { priceCents: 2400 })).id, quantity: 1 },
    ]);
    const res = await pay(t.app, token, order.id);
    expect(res.statusCode).toBe(200);
    const payment = res.json();
    expect(payment).toEqual({
      payment_id: expect.any(String),
      order_id: order.id,
      amount_cents: 2400,
      amount_euros: 24,
      succeeded: true,
    });
    const paid = (await t.app.inject({ url: `/api/orders/${order.id}`, headers: bearer(token) })).json();
    expect(paid).toMatchObject({
      status: 'PAYEE',
      payment_id: payment.payment_id,
      paid_at: t.clock.now() / 1000,
    });
    expect(paid.invoice_id).toEqual(expect.any(String));
    expect(paid.history.map((h: { status: string }) => h.status)).toEqual(['CREE', 'PAYEE']);
  });

  it('declines cards ending in 0000, records the attempt, and leaves the order payable', async () => {
    const { token } = await registerUser(t.app);
    const order = await placeOrder(t.app, token, [{ productId: (await createProduct(t)).id, quantity: 1 }]);
    const res = await pay(t.app, token, order.id, DECLINED_CARD);
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ detail: 'Paiement refusé.' });
    const attempts = await t.ctx.repos.payments.listByOrder(order.id);
    expect(attempts).toMatchObject([{ kind: 'charge', succeeded: false, cardLast4: '0000' }]);
    expect(JSON.stringify(attempts)).not.toContain('4000000000000000');
    expect((await pay(t.app, token, order.id)).statusCode).toBe(200);
  });

  it('refuses an expired card (the month is past) and accepts the current month', async () => {
    const { token } = await registerUser(t.app);
    const order = await placeOrder(t.app, token, [{ productId: (await createProduct(t)).id, quantity: 1 }]);
    // The test clock is at 2026-01-15.
    const expired = await pay(t.app, token, order.id, { ...VALID_CARD, exp_month: 12, exp_year: 2025 });
    expect(expired.statusCode).toBe(400);
    expect(expired.json()).toMatchObject({ detail: 'Carte expirée.' });
    expect(
      (await pay(t.app, token, order.id, { ...VALID_CARD, exp_month: 1, exp_year: 2026 })).statusCode,
    ).toBe(200);
  });

  it.each([
    ['a short card number', { card_number: '4242' }, 'card_number'],
    ['letters in the card number', { card_number: '4242abcd42424242' }, 'card_number'],
    ['month 13', { exp_month: 13 }, 'exp_month'],
    ['a 2-digit cvc', { cvc: '12' }, 'cvc'],
  ])('refuses %s with 422', async (_name, override, field) => {
    const { token } = await registerUser(t.app);
    const order = await placeOrder(t.app, token, [{ productId: (await createProduct(t)).id, quantity: 1 }]);
    const res = await pay(t.app, token, order.id, { ...VALID_CARD, ...override });
    expect(res.statusCode).toBe(422);
    expect(res.json().detail[0].loc).toEqual(['body', field]);
  });

  it('answers 404 for an unknown order and 403 for another customer’s', async () => {
    const owner = await registerUser(t.app);
    const other = await registerUser(t.app);
    const order = await placeOrder(t.app, owner.token, [
      { productId: (await createProduct(t)).id, quantity: 1 },
    ]);
    const missing = await pay(t.app, owner.token, 'no-such-order');
    expect(missing.statusCode).toBe(404);
    expect(missing.json()).toMatchObject({ detail: 'Commande introuvable' });
    const foreign = await pay(t.app, other.token, order.id);
    expect(foreign.statusCode).toBe(403);
    expect(foreign.json()).toMatchObject({ detail: 'Accès non autorisé à cette commande' });
    expect(await t.ctx.repos.payments.listByOrder(order.id)).toEqual([]);
  });

  it('refuses to pay twice', async () => {
    const { token } = await registerUser(t.app);
    const order = await placeOrder(t.app, token, [{ productId: (await createProduct(t)).id, quantity: 1 }]);
    await pay(t.app, token, order.id);
    const again = await pay(t.app, token, order.id);
    expect(again.statusCode).toBe(400);
    expect(again.json()).toMatchObject({ detail: 'Statut de commande incompatible avec le paiement.' });
  });
});

describe('reading orders', () => {
  it('lists only the caller’s orders, oldest first', async () => {
    const one = await registerUser(t.app);
    const two = await registerUser(t.app);
    const product = await createProduct(t, { stockQty: 50 });
    const first = await placeOrder(t.app, one.token, [{ productId: product.id, quantity: 1 }]);
    t.clock.advance(1000);
    const second = await placeOrder(t.app, one.token, [{ productId: product.id, quantity: 2 }]);
    await placeOrder(t.app, two.token, [{ productId: product.id, quantity: 1 }]);
    const res = await t.app.inject({ url: '/api/orders/', headers: bearer(one.token) });
    expect(res.json().orders.map((o: { id: string }) => o.id)).toEqual([first.id, second.id]);
  });

  it('lets the owner and an admin read an order, not another customer', async () => {
    const owner = await registerUser(t.app);
    const other = await registerUser(t.app);
    const admin = await adminToken(t);
    const order = await placeOrder(t.app, owner.token, [
      { productId: (await createProduct(t)).id, quantity: 1 },
    ]);
    expect(
      (await t.app.inject({ url: `/api/orders/${order.id}`, headers: bearer(owner.token) })).statusCode,
    ).toBe(200);
    expect((await t.app.inject({ url: `/api/orders/${order.id}`, headers: bearer(admin) })).statusCode).toBe(
      200,
    );
    const foreign = await t.app.inject({ url: `/api/orders/${order.id}`, headers: bearer(other.token) });
    expect(foreign.statusCode).toBe(403);
    expect(foreign.json()).toMatchObject({ detail: 'Accès non autorisé à cette commande' });
    const missing = await t.app.inject({ url: '/api/orders/nope', headers: bearer(owner.token) });
    expect(missing.statusCode).toBe(404);
    expect(missing.json()).toMatchObject({ detail: 'Commande introuvable' });
  });
});

describe('POST /api/orders/cancel', () => {
  it('cancels, releases the stock once, and records who did it', async () => {
    const { token } = await registerUser(t.app);
    const product = await createProduct(t, { stockQty: 5 });
    const order = await placeOrder(t.app, token, [{ productId: product.id, quantity: 3 }]);
    expect(await stockOf(t, product.id)).toBe(2);
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/orders/cancel',
      headers: bearer(token),
      payload: { order_id: order.id },
    });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ status: 'ANNULEE', cancelled_at: t.clock.now() / 1000 });
    expect(res.json().history.at(-1)).toEqual({
      status: 'ANNULEE',
      at: t.clock.now() / 1000,
      actor: 'customer',
    });
    expect(await stockOf(t, product.id)).toBe(5);

    const again = await t.app.inject({
      method: 'POST',
      url: '/api/orders/cancel',
      headers: bearer(token),
      payload: { order_id: order.id },
    });
    expect(again.statusCode).toBe(400);
    expect(again.json()).toMatchObject({ detail: 'Commande déjà annulée.' });
    expect(await stockOf(t, product.id)).toBe(5);
  });

  it('answers 404 and 403 like GET, and changes nothing', async () => {
    const owner = await registerUser(t.app);
    const other = await registerUser(t.app);
    const product = await createProduct(t, { stockQty: 5 });
    const order = await placeOrder(t.app, owner.token, [{ productId: product.id, quantity: 1 }]);
    const cancel = (token: string, orderId: string) =>
      t.app.inject({
        method: 'POST',
        url: '/api/orders/cancel',
        headers: bearer(token),
        payload: { order_id: orderId },
      });
    expect((await cancel(owner.token, 'nope')).json()).toMatchObject({ detail: 'Commande introuvable' });
    const foreign = await cancel(other.token, order.id);
    expect(foreign.statusCode).toBe(403);
    expect((await t.ctx.repos.orders.findById(order.id))?.status).toBe('CREE');
    expect(await stockOf(t, product.id)).toBe(4);
  });
});

describe('GET /api/orders/:id/invoice', () => {
  it('answers 404 Facture introuvable before payment', async () => {
    const { token } = await registerUser(t.app);
    const order = await placeOrder(t.app, token, [{ productId: (await createProduct(t)).id, quantity: 1 }]);
    const res = await t.app.inject({ url: `/api/orders/${order.id}/invoice`, headers: bearer(token) });
    expect(res.statusCode).toBe(404);
    expect(res.json()).toMatchObject({ detail: 'Facture introuvable' });
  });

  it('returns the invoice with an exact VAT split to the owner and an admin', async () => {
    const { token, userId } = await registerUser(t.app);
    const product = await createProduct(t, { name: 'Lampe', priceCents: 1999 });
    const order = await placeOrder(t.app, token, [{ productId: product.id, quantity: 3 }]);
    await pay(t.app, token, order.id);
    for (const reader of [token, await adminToken(t)]) {
      const res = await t.app.inject({ url: `/api/orders/${order.id}/invoice`, headers: bearer(reader) });
      expect(res.statusCode).toBe(200);
      // 5997 TTC at 20 %: VAT = 5997 × 20 / 120 = 999.5 → 1000 (half up); excl. VAT = 4997.
      // (The document's mentions, added by issue 27, are held in test/legal/.)
      expect(res.json()).toMatchObject({
        id: expect.any(String),
        number: expect.stringMatching(/^FAC-2026-\d{6}$/),
        order_id: order.id,
        user_id: userId,
        lines: [
          {
            product_id: product.id,
            variant_id: product.variants[0]?.id,
            sku: product.variants[0]?.sku,
            options: {},
            name: 'Lampe',
            unit_price_cents: 1999,
            quantity: 3,
            line_total_cents: 5997,
          },
        ],
        total_cents: 5997,
        total_euros: 59.97,
        vat_rate_percent: 20,
        total_excl_vat_cents: 4997,
        vat_cents: 1000,
        issued_at: t.clock.now() / 1000,
      });
    }
    const stranger = await registerUser(t.app);
    expect(
      (await t.app.inject({ url: `/api/orders/${order.id}/invoice`, headers: bearer(stranger.token) }))
        .statusCode,
    ).toBe(403);
  });
});

/**
 * Edge inputs over HTTP, on both stores in the same run: whatever the memory store answers,
 * PostgreSQL must answer too (and neither with a 500). Found on PostgreSQL: totals past
 * 2^31 − 1 cents reached SQL.
 */
warnWhenPostgresSkipped('orders over HTTP on both stores');

describe.each(storeBackends)('%s store: money past 2^31 − 1 cents over HTTP', (store) => {
  const skip = backendUnavailable(store);
  let t: TestApp;
  beforeAll(async () => {
    if (!skip) t = await buildTestApp({ store });
  });
  afterAll(async () => {
    if (!skip) await t.app.close();
  });

  it.skipIf(skip)(
    '22 × a 1,000,000 € product: checkout, payment, invoice and refunds all exact, never a 500',
    async () => {
      const { app } = t;
      const admin = await adminToken(t);
      const created = await app.inject({
        method: 'POST',
        url: '/api/admin/products',
        headers: bearer(admin),
        // The highest price the admin route accepts (MAX_PRICE_CENTS in admin.schemas.ts).
        payload: { name: 'Yacht', description: 'Grand', price_cents: 100_000_000, stock_qty: 30 },
      });
      expect(created.statusCode, created.body).toBe(201);
      const productId = created.json<{ id: string }>().id;

      const buyer = await customer(app);
      const added = await app.inject({
        method: 'POST',
        url: '/api/cart/add',
        headers: bearer(buyer.token),
        payload: { product_id: productId, quantity: 22 },
      });
      expect(added.statusCode, added.body).toBe(200);
      expect(added.json<{ total_cents: number }>().total_cents).toBe(2_200_000_000);

      const checkout = await app.inject({
        method: 'POST',
        url: '/api/orders/checkout',
        headers: bearer(buyer.token),
      });
      expect(checkout.statusCode, checkout.body).toBe(201);
      const order = checkout.json<{ id: string; total_cents: number }>();
      expect(order.total_cents).toBe(2_200_000_000);

      const paid = await app.inject({
        method: 'POST',
        url: '/api/orders/pay',
        headers: bearer(buyer.token),
        payload: { order_id: order.id, ...VALID_CARD },
      });
      expect(paid.statusCode, paid.body).toBe(200);
      const invoice = await app.inject({
        url: `/api/orders/${order.id}/invoice`,
        headers: bearer(buyer.token),
      });
      expect(invoice.statusCode, invoice.body).toBe(200);
      expect(invoice.json<{ total_cents: number }>().total_cents).toBe(2_200_000_000);
      const stats = await app.inject({ url: '/api/admin/stats', headers: bearer(admin) });
      expect(stats.json<{ total_revenue_cents: number }>().total_revenue_cents).toBe(2_200_000_000);

      const refund = (amount_cents?: number) =>
        app.inject({
          method: 'POST',
          url: '/api/admin/orders/refund',
          headers: bearer(admin),
          payload: { order_id: order.id, ...(amount_cents !== undefined && { amount_cents }) },
        });
      // More than was paid, past int4 and up to the largest exact integer: a 400, not a store error.
      for (const tooMuch of [5_000_000_000, 2 ** 40, Number.MAX_SAFE_INTEGER]) {
        const refused = await refund(tooMuch);
        expect(refused.statusCode, `refund of ${tooMuch}: ${refused.body}`).toBe(400);
      }
      // Within the payment, 2^31 cents is an ordinary partial refund.
      const partial = await refund(2 ** 31);
      expect(partial.statusCode, partial.body).toBe(200);
      expect(partial.json()).toMatchObject({ status: 'PAYEE', refunded_cents: 2 ** 31 });
      const rest = await refund();
      expect(rest.statusCode, rest.body).toBe(200);
      expect(rest.json()).toMatchObject({ status: 'REMBOURSEE', refunded_cents: 2_200_000_000 });
    },
  );
});
