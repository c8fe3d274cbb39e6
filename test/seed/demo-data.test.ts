import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { detectImageType } from '../../src/catalog/image.js';
import { DEMO_PRODUCTS } from '../../src/seed/demo-data.js';
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
    expect(products).toHaveLength(14);
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
    expect(seen.size).toBe(14);
  });

  it('lists the low-stock products in the admin stats', async () => {
    const admin = await loginAs(t.app, 'admin@example.com', 'admin123');
    const stats = await get(admin, '/api/admin/stats');
    // Below 10 units: the one original product, and each clothing product's sold-out size.
    expect(stats.low_stock_products.map((p: { name: string }) => p.name)).toEqual([
      'Pull Col Roulé Beige',
      'T-Shirt Bio Col Rond',
      'Sweat Zippé Marine',
      'Jean Slim Brut',
      'Pull Marin Rayé',
      'Doudoune Légère',
    ]);
    expect(
      stats.low_stock_variants.map((v: { sku: string; stock_qty: number }) => [v.sku, v.stock_qty]),
    ).toEqual([
      [expect.stringMatching(/^SKU-/), 5],
      ['TSH-BIO-M-NOIR', 0],
      ['SWZ-MAR-XL', 0],
      ['JEA-SLIM-36', 0],
      ['PUL-MAR-L-ECRU', 0],
      ['DOU-LEG-XS', 0],
    ]);
  });

  it('keeps the nine original products single-variant, with their names, prices and stock', async () => {
    const { products } = (await t.app.inject({ url: '/api/catalog/products' })).json();
    for (const original of DEMO_PRODUCTS) {
      const shown = products.find((p: { name: string }) => p.name === original.name);
      expect(shown, original.name).toMatchObject({ price_cents: original.priceCents, options: [] });
      expect(shown.variants, original.name).toHaveLength(1);
    }
  });

  it('sells clothes in sizes and colours, one size sold out, in a category tree', async () => {
    const page = (query: string) =>
      t.app.inject({ url: `/api/catalog/products?${query}` }).then((r) => r.json());
    const tshirt = (await page('q=bio%20col%20rond')).products[0];
    expect(tshirt.options).toEqual([
      { name: 'Taille', values: ['XS', 'S', 'M', 'L', 'XL'] },
      { name: 'Couleur', values: ['Blanc', 'Noir'] },
    ]);
    expect(tshirt.variants).toHaveLength(10);
    expect(tshirt.variants.find((v: { sku: string }) => v.sku === 'TSH-BIO-M-NOIR')).toMatchObject({
      options: { Taille: 'M', Couleur: 'Noir' },
      stock_qty: 0,
    });
    const hauts = (await page('category=hauts&limit=100')).products.map((p: { name: string }) => p.name);
    expect(hauts).toEqual(
      expect.arrayContaining(['T-Shirt Classic Blanc', 'Sweat Zippé Marine', 'Pull Marin Rayé']),
    );
    expect(hauts).not.toContain('Jean Slim Brut');
    const tree = (await t.app.inject({ url: '/api/catalog/categories' })).json();
    expect(tree.map((c: { slug: string }) => c.slug)).toEqual(['hauts', 'bas', 'vestes', 'accessoires']);
    expect(
      tree[0].children.map((c: { slug: string; product_count: number }) => [c.slug, c.product_count]),
    ).toEqual([
      ['t-shirts', 3],
      ['sweats', 2],
      ['pulls', 2],
    ]);
    expect(tree[0].product_count).toBe(7);
  });
});
