import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { detectImageType } from '../../src/catalog/image.js';
import { bearer, buildTestApp, loginAs, type TestApp } from '../helpers/test-app.js';

let t: TestApp;
beforeAll(async () => {
  t = await buildTestApp({ seed: true });
});
afterAll(() => t.app.close());

const get = async (token: string, url: string) =>
  (await t.app.inject({ url, headers: bearer(token) })).json();

describe('demo data (docs/http-api.md)', () => {
  it('logs in the four demo accounts, the admin as admin', async () => {
    const admin = await t.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { email: 'admin@example.com', password: 'admin123' },
    });
    expect(admin.json()).toMatchObject({ is_admin: true, first_name: 'Admin' });
    for (const email of ['alice@example.com', 'bob@example.com', 'charlie@example.com']) {
      const res = await t.app.inject({
        method: 'POST',
        url: '/api/auth/login',
        payload: { email, password: 'password123' },
      });
      expect(res.json()).toMatchObject({ email, is_admin: false });
    }
  });

  it('has Alice’s delivered order with its invoice and her closed thread answered by Support', async () => {
    const alice = await loginAs(t.app, 'alice@example.com', 'password123');
    const { orders } = await get(alice, '/api/orders');
    expect(orders).toHaveLength(1);
    expect(orders[0]).toMatchObject({
      status: 'LIVREE',
      total_cents: 8997,
      delivery: { status: 'LIVREE', address: '12 Rue des Fleurs, 69001 Lyon' },
    });
    expect(orders[0].items.map((i: { name: string; quantity: number }) => [i.name, i.quantity])).toEqual([
      ['T-Shirt Classic Blanc', 2],
      ['Sweat à Capuche Gris', 1],
    ]);
    expect((await get(alice, `/api/orders/${orders[0].id}/invoice`)).number).toMatch(/^FAC-\d{4}-000001$/);
    const { threads } = await get(alice, '/api/support/threads');
    expect(threads).toMatchObject([
      { subject: 'Question sur la taille', closed: true, order_id: orders[0].id },
    ]);
    expect(threads[0].messages.map((m: { author_name: string }) => m.author_name)).toEqual([
      'Alice Martin',
      'Support',
    ]);
  });

  it('has Bob’s paid order and open thread, and Charlie’s cart', async () => {
    const bob = await loginAs(t.app, 'bob@example.com', 'password123');
    const { orders } = await get(bob, '/api/orders');
    expect(orders).toMatchObject([{ status: 'PAYEE', total_cents: 6999 + 2499 }]);
    expect((await get(bob, '/api/support/threads')).threads).toMatchObject([
      { subject: 'Délai de livraison ?', closed: false },
    ]);

    const charlie = await loginAs(t.app, 'charlie@example.com', 'password123');
    const cart = await get(charlie, '/api/cart');
    expect(cart.items.map((i: { product_name: string }) => i.product_name)).toEqual([
      'Veste en Jean',
      'Écharpe Laine',
    ]);
    expect(cart.total_cents).toBe(7999 + 2999);
  });

  it('gives every product a picture of its own, served at an absolute image_url', async () => {
    const { products } = (await t.app.inject({ url: '/api/catalog/products' })).json<{
      products: { name: string; image_url: string | null }[];
    }>();
    expect(products).toHaveLength(9);
    const seen = new Set<string>();
    for (const product of products) {
      const url = new URL(product.image_url ?? '');
      expect(url.origin).toBe(t.ctx.config.publicUrl);
      expect(url.pathname).toMatch(/^\/api\/uploads\/[0-9a-f-]{36}\.png$/);
      const image = await t.app.inject({ url: url.pathname });
      expect(image.statusCode).toBe(200);
      expect(image.headers['content-type']).toBe('image/png');
      expect(detectImageType(image.rawPayload)?.extension).toBe('png');
      seen.add(image.rawPayload.toString('base64'));
    }
    expect(seen.size).toBe(9);
  });

  it('lists the low-stock products in the admin stats', async () => {
    const admin = await loginAs(t.app, 'admin@example.com', 'admin123');
    const stats = await get(admin, '/api/admin/stats');
    expect(stats.low_stock_products).toMatchObject([{ name: 'Pull Col Roulé Beige', stock_qty: 5 }]);
  });
});
