import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newOrder } from '../../src/orders/order.js';
import { ORDER_PAGE_DEFAULT, ORDER_PAGE_MAX } from '../../src/orders/order-page.js';
import { Errors } from '../../src/shared/error-catalog.js';
import { createProduct, customer, placeOrder } from '../helpers/shop.js';
import { backendUnavailable, storeBackends, T0, warnWhenPostgresSkipped } from '../helpers/store-backends.js';
import { bearer, buildTestApp, detailOf, type TestApp } from '../helpers/test-app.js';
import { uid } from '../helpers/uid.js';

interface OrderPageBody {
  orders: { id: string; user_id: string }[];
  next_cursor: string | null;
}

warnWhenPostgresSkipped('GET /api/orders pages');

describe.each(storeBackends)('%s store: GET /api/orders answers a page', (store) => {
  const skip = backendUnavailable(store);
  let t: TestApp;
  beforeAll(async () => {
    if (!skip) t = await buildTestApp({ store });
  });
  afterAll(async () => {
    if (!skip) await t.app.close();
  });

  const readPage = (token: string, query = '') =>
    t.app.inject({ url: `/api/orders${query}`, headers: bearer(token) });

  /** `count` orders stored directly, all created at the same instant so only the tiebreak orders them. */
  async function insertOrders(userId: string, count: number): Promise<string[]> {
    const ids: string[] = [];
    for (let i = 0; i < count; i += 1) {
      const order = newOrder({
        id: uid('o'),
        userId,
        items: [
          {
            productId: 'x',
            variantId: 'x',
            sku: 'SKU',
            options: {},
            name: 'X',
            unitPriceCents: 1000,
            quantity: 1,
            imageUrl: null,
          },
        ],
        shippingAddress: null,
        at: T0,
      });
      await t.ctx.repos.orders.insert(order);
      ids.push(order.id);
    }
    return ids;
  }

  /** Follows next_cursor from the first page to the last; returns every order id seen, in order. */
  async function walk(token: string, limit?: number): Promise<{ ids: string[]; sizes: number[] }> {
    const ids: string[] = [];
    const sizes: number[] = [];
    let cursor: string | null = null;
    do {
      const params = new URLSearchParams();
      if (limit !== undefined) params.set('limit', String(limit));
      if (cursor !== null) params.set('cursor', cursor);
      const res = await readPage(token, params.size > 0 ? `?${params}` : '');
      expect(res.statusCode, res.body).toBe(200);
      const body = res.json<OrderPageBody>();
      ids.push(...body.orders.map((order) => order.id));
      sizes.push(body.orders.length);
      cursor = body.next_cursor;
    } while (cursor !== null && sizes.length < 100);
    return { ids, sizes };
  }

  it.skipIf(skip)(
    'without a query, a small customer gets every order, oldest first, as each reads alone',
    async () => {
      const buyer = await customer(t.app);
      const product = await createProduct(t, { name: 'Bol', priceCents: 700, stockQty: 10 });
      const placed = [];
      for (let i = 0; i < 3; i += 1)
        placed.push(await placeOrder(t.app, buyer.token, [{ productId: product.id, quantity: 1 }]));

      const res = await readPage(buyer.token);
      expect(res.statusCode, res.body).toBe(200);
      const body = res.json<OrderPageBody>();
      expect(Object.keys(body).sort()).toEqual(['next_cursor', 'orders']);
      expect(body.next_cursor).toBeNull();
      const alone = await Promise.all(
        placed.map(async (order) => {
          const one = (
            await t.app.inject({ url: `/api/orders/${order.id}`, headers: bearer(buyer.token) })
          ).json();
          // Only the single read lists the order's credit notes (issue 27); none here.
          expect(one.credit_notes).toEqual([]);
          delete one.credit_notes;
          return one;
        }),
      );
      expect(body.orders).toEqual(alone);
    },
  );

  it.skipIf(skip)(
    '250 orders come in pages of the default size, each exactly once, in creation order',
    async () => {
      const buyer = await customer(t.app);
      const inserted = await insertOrders(buyer.userId, 250);

      const { ids, sizes } = await walk(buyer.token);
      const full = Math.floor(250 / ORDER_PAGE_DEFAULT);
      const rest = 250 % ORDER_PAGE_DEFAULT;
      expect(sizes).toEqual([...Array(full).fill(ORDER_PAGE_DEFAULT), ...(rest > 0 ? [rest] : [])]);
      expect(ids).toEqual(inserted);

      const bigger = await walk(buyer.token, ORDER_PAGE_MAX);
      expect(bigger.sizes).toEqual([100, 100, 50]);
      expect(bigger.ids).toEqual(inserted);
    },
  );

  it.skipIf(skip)('limit outside 1..max is refused with 422, as the other list routes do', async () => {
    const buyer = await customer(t.app);
    for (const limit of ['0', String(ORDER_PAGE_MAX + 1), '-3', '2.5', 'abc']) {
      const res = await readPage(buyer.token, `?limit=${limit}`);
      expect(res.statusCode, `limit=${limit}: ${res.body}`).toBe(422);
    }
    expect((await readPage(buyer.token, `?limit=${ORDER_PAGE_MAX}`)).statusCode).toBe(200);
  });

  it.skipIf(skip)(
    'orders created between two page reads appear once, after the others, with no gap',
    async () => {
      const buyer = await customer(t.app);
      const first = await insertOrders(buyer.userId, 60);

      const page1 = (await readPage(buyer.token, '?limit=50')).json<OrderPageBody>();
      expect(page1.orders.map((order) => order.id)).toEqual(first.slice(0, 50));
      const later = await insertOrders(buyer.userId, 30);
      const page2 = (
        await readPage(buyer.token, `?limit=50&cursor=${page1.next_cursor}`)
      ).json<OrderPageBody>();

      expect(page2.orders.map((order) => order.id)).toEqual([...first.slice(50), ...later]);
      expect(page2.next_cursor).toBeNull();
    },
  );

  it.skipIf(skip)('a cursor this API did not issue answers 400 with the catalogue message', async () => {
    const buyer = await customer(t.app);
    await insertOrders(buyer.userId, 3);
    const encoded = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
    const forged = [
      'abc',
      '!!!',
      encoded(['orders', -1]),
      encoded(['orders', 0]),
      encoded(['orders', 1.5]),
      encoded(['orders', '1']),
      encoded(['orders', 1, 2]),
      encoded(['oldest', 1]), // a catalogue cursor
      encoded({ after: 1 }),
    ];
    for (const cursor of forged) {
      const res = await readPage(buyer.token, `?cursor=${encodeURIComponent(cursor)}`);
      expect(res.statusCode, `${cursor}: ${res.body}`).toBe(400);
      expect(detailOf(res)).toBe(Errors.cursorInvalid.detail);
    }
  });

  it.skipIf(skip)("another customer's orders never appear, even with that customer's cursor", async () => {
    const [alice, bob] = [await customer(t.app), await customer(t.app)];
    const mine: string[] = [];
    const theirs: string[] = [];
    for (let i = 0; i < 30; i += 1) {
      mine.push(...(await insertOrders(alice.userId, 1)));
      theirs.push(...(await insertOrders(bob.userId, 2)));
    }

    const alicePages = await walk(alice.token, 7);
    expect(alicePages.ids).toEqual(mine);
    const bobFirst = (await readPage(bob.token, '?limit=7')).json<OrderPageBody>();
    const aliceFirst = (await readPage(alice.token, '?limit=7')).json<OrderPageBody>();
    for (const cursor of [bobFirst.next_cursor, aliceFirst.next_cursor]) {
      const res = (await readPage(alice.token, `?cursor=${cursor}`)).json<OrderPageBody>();
      expect(res.orders.every((order) => order.user_id === alice.userId)).toBe(true);
    }
  });
});
