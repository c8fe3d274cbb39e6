import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminPost, adminToken, createProduct, pay, placeOrder } from '../helpers/shop.js';
import { bearer, buildTestApp, registerUser, type TestApp } from '../helpers/test-app.js';

let t: TestApp;
beforeAll(async () => {
  t = await buildTestApp();
});
afterAll(() => t.app.close());

describe('GET /api/admin/stats', () => {
  it('reports numbers computed by hand on a known scenario', async () => {
    const admin = await adminToken(t);
    const [u1, u2, u3] = await Promise.all([registerUser(t.app), registerUser(t.app), registerUser(t.app)]);
    if (!u1 || !u2 || !u3) throw new Error('registration failed');
    const a = await createProduct(t, { priceCents: 1000, stockQty: 20 });
    const b = await createProduct(t, { priceCents: 2500, stockQty: 8 });
    await createProduct(t, { priceCents: 100, stockQty: 2, active: false });
    const d = await createProduct(t, { priceCents: 500, stockQty: 9 });
    const order = (token: string, productId: string, quantity: number) =>
      placeOrder(t.app, token, [{ productId, quantity }]);
    const admin_ = (url: string, payload: object) => adminPost(t.app, admin, url, payload);

    await order(u1.token, a.id, 2); // 1: CREE
    const o2 = await order(u1.token, b.id, 1);
    await admin_('/orders/validate', { order_id: o2.id }); // 2: VALIDEE
    const o3 = await order(u2.token, a.id, 1);
    await pay(t.app, u2.token, o3.id); // 3: PAYEE, +1000
    const o4 = await order(u2.token, d.id, 3);
    await pay(t.app, u2.token, o4.id);
    await admin_('/orders/ship', { order_id: o4.id }); // 4: EXPEDIEE, +1500
    const o5 = await order(u3.token, b.id, 1);
    await pay(t.app, u3.token, o5.id);
    await admin_('/orders/ship', { order_id: o5.id });
    await admin_('/orders/deliver', { order_id: o5.id }); // 5: LIVREE, +2500
    const o6 = await order(u3.token, a.id, 1);
    await t.app.inject({
      method: 'POST',
      url: '/api/orders/cancel',
      headers: bearer(u3.token),
      payload: { order_id: o6.id },
    }); // 6: ANNULEE, unpaid
    const o7 = await order(u3.token, a.id, 2);
    await pay(t.app, u3.token, o7.id);
    await admin_('/orders/refund', { order_id: o7.id, amount_cents: 500 }); // 7: PAYEE, +2000 -500
    const o8 = await order(u1.token, d.id, 1);
    await pay(t.app, u1.token, o8.id);
    await admin_('/orders/refund', { order_id: o8.id }); // 8: REMBOURSEE, +500 -500

    const res = await t.app.inject({ url: '/api/admin/stats', headers: bearer(admin) });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    // A: 20-2-1-2 = 15; B: 8-1-1 = 6 (low); inactive one not listed; D: 9-3 = 6 (low, the refunded unit came back)
    expect(body.low_stock_products).toEqual([
      { ...body.low_stock_products[0], id: b.id, stock_qty: 6, active: true, price_cents: 2500 },
      { ...body.low_stock_products[1], id: d.id, stock_qty: 6, active: true, price_cents: 500 },
    ]);
    expect(Object.keys(body.low_stock_products[0]).sort()).toEqual(
      [
        'active',
        'description',
        'id',
        'image_url',
        'name',
        'price_cents',
        'price_euros',
        'stock_qty',
        'options',
        'variants',
        'categories',
      ].sort(),
    );
    expect(body).toEqual({
      total_orders: 8,
      orders_by_status: { CREE: 1, VALIDEE: 1, PAYEE: 2, EXPEDIEE: 1, LIVREE: 1, ANNULEE: 1, REMBOURSEE: 1 },
      pending_orders: 1,
      validated_orders: 1,
      shipped_orders: 1,
      delivered_orders: 1,
      total_revenue_cents: 6500,
      total_revenue_euros: 65,
      total_revenue: 65,
      total_users: 4,
      total_products: 4,
      low_stock_products: body.low_stock_products,
      low_stock_variants: body.low_stock_variants,
    });
  });

  it('is for admins only', async () => {
    const { token } = await registerUser(t.app);
    expect((await t.app.inject({ url: '/api/admin/stats', headers: bearer(token) })).statusCode).toBe(403);
  });
});

describe('GET /api/admin/stats on a quiet shop', () => {
  // A shop of its own: the counts below are of this shop alone.
  let t: TestApp;
  beforeAll(async () => {
    t = await buildTestApp();
  });
  afterAll(() => t.app.close());

  it('counts as low stock only active products under 10 units, 10 itself is not low', async () => {
    const admin = await adminToken(t);
    for (const stockQty of [0, 9, 10, 11]) await createProduct(t, { name: `Stock ${stockQty}`, stockQty });
    await createProduct(t, { stockQty: 1, active: false });
    const res = await t.app.inject({ url: '/api/admin/stats', headers: bearer(admin) });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({
      total_orders: 0,
      orders_by_status: { CREE: 0, VALIDEE: 0, PAYEE: 0, EXPEDIEE: 0, LIVREE: 0, ANNULEE: 0, REMBOURSEE: 0 },
      total_revenue_cents: 0,
      total_users: 1,
      total_products: 5,
    });
    const low = res.json().low_stock_products as { name: string; stock_qty: number }[];
    expect(low.map((p) => p.name).sort()).toEqual(['Stock 0', 'Stock 9']);
  });
});
