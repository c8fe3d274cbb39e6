import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminToken, createProduct } from '../helpers/shop.js';
import { bearer, buildTestApp, type TestApp } from '../helpers/test-app.js';

let t: TestApp;
beforeAll(async () => {
  t = await buildTestApp();
});
afterAll(() => t.app.close());

describe('GET /api/admin/stats on a quiet shop', () => {
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
