import { performance } from 'node:perf_hooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminToken, checkout } from '../helpers/shop.js';
import {
  backendUnavailable,
  openForSuite,
  raceSeed,
  seededRandom,
  sleep,
  storeBackends,
  warnWhenPostgresSkipped,
} from '../helpers/store-backends.js';
import { bearer, buildTestApp, registerUser, type TestApp } from '../helpers/test-app.js';
import { uid } from '../helpers/uid.js';

/**
 * Checkouts of one variant racing each other and the admin's edits of that variant, through
 * app.inject on both stores (PostgreSQL over the four pipelined connections of store-backends.ts,
 * so the statements truly run at once). The assertions are invariants, never timings: stock
 * = initial − units sold, a unit price is the old or the new one, and nothing whose checkout
 * was sent after a deactivation answered is ever sold. A failure names its seed; RACE_SEED=<seed>
 * replays the same delays.
 */
warnWhenPostgresSkipped('variant races');

const ROUNDS = 8;
const SHOPPERS = 8;
const SLOW = { timeout: 180_000 };

interface VariantBody {
  id: string;
  sku: string;
  options: Record<string, string>;
  stock_qty: number;
}
interface OrderBody {
  id: string;
  items: { variant_id: string; unit_price_cents: number; quantity: number }[];
}

describe.each(storeBackends)('%s: checkouts racing for variants', (name, open) => {
  const skip = backendUnavailable(name);
  const stores = openForSuite(name, open);
  let t: TestApp;
  let admin: string;
  const shoppers: string[] = [];
  beforeAll(async () => {
    if (skip) return;
    t = await buildTestApp({ stores: stores() });
    admin = await adminToken(t);
    for (let i = 0; i < 30; i += 1) shoppers.push((await registerUser(t.app)).token);
  }, 60_000);
  afterAll(async () => {
    await t?.app.close();
  });

  const random = seededRandom(raceSeed());
  const where = (round: number) => `${name}, round ${round}, RACE_SEED=${random.seed}`;

  const asAdmin = (method: 'POST' | 'PUT', url: string, payload: object) =>
    t.app.inject({ method, url: `/api/admin${url}`, headers: bearer(admin), payload });

  /** A T-shirt in S, M and L (M at its own price, 2000 cents), 100 units each. */
  async function tshirt(): Promise<{ id: string; name: string; size: (s: string) => VariantBody }> {
    const tag = uid('t');
    const res = await asAdmin('POST', '/products', {
      name: `T-shirt ${tag}`,
      price_cents: 1500,
      options: [{ name: 'Taille', values: ['S', 'M', 'L'] }],
      variants: ['S', 'M', 'L'].map((size) => ({
        sku: `${tag}-${size}`,
        options: { Taille: size },
        stock: 100,
        ...(size === 'M' && { price_cents: 2000 }),
      })),
    });
    expect(res.statusCode, res.body).toBe(201);
    const product = res.json<{ id: string; name: string; variants: VariantBody[] }>();
    const size = (s: string) => product.variants.find((v) => v.options.Taille === s) as VariantBody;
    return { id: product.id, name: product.name, size };
  }

  const addLine = async (token: string, productId: string, variantId: string, quantity: number) => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/cart/add',
      headers: bearer(token),
      payload: { product_id: productId, variant_id: variantId, quantity },
    });
    expect(res.statusCode, res.body).toBe(200);
  };
  const setStock = async (variantId: string, stock: number) =>
    expect((await asAdmin('PUT', `/variants/${variantId}/stock`, { stock })).statusCode).toBe(200);
  const stocks = async (productId: string) => {
    const product = await t.ctx.repos.products.findById(productId);
    return Object.fromEntries(product?.variants.map((v) => [v.options.Taille, v.stockQty]) ?? []);
  };
  const clearCarts = (tokens: string[]) =>
    Promise.all(
      tokens.map((token) =>
        t.app.inject({ method: 'DELETE', url: '/api/cart/clear', headers: bearer(token) }),
      ),
    );
  /**
   * A random pause (up to `spreadMs`) before the request is sent, so who reaches the store first
   * changes from round to round; checkouts spread wider than an edit's few round trips, so some
   * are sent after it answered.
   */
  const later = async <T>(send: () => Promise<T>, spreadMs = 4): Promise<T> => {
    await sleep(random.int(spreadMs));
    return send();
  };
  const SPREAD_MS = 20;

  it.skipIf(skip)('30 shoppers racing for the 5 units of one size get exactly 5 orders', SLOW, async () => {
    // Several rounds: one round of 30 overlapping statements may happen to run one after another.
    for (let round = 0; round < 5; round += 1) {
      const shirt = await tshirt();
      const [s, m, l] = ['S', 'M', 'L'].map(shirt.size) as [VariantBody, VariantBody, VariantBody];
      // Every shopper wants one M; every other one a L as well, in the same order.
      for (const [i, token] of shoppers.entries()) {
        await addLine(token, shirt.id, m.id, 1);
        if (i % 2 === 0) await addLine(token, shirt.id, l.id, 1);
      }
      await setStock(m.id, 5);

      // Odd rounds all at once, even ones each after a pause of up to 3 ms.
      const answers = await Promise.all(
        shoppers.map((token) => (round % 2 ? checkout(t.app, token) : later(() => checkout(t.app, token)))),
      );
      const placed = answers.filter((res) => res.statusCode === 201);
      const refused = answers.filter((res) => res.statusCode === 400);
      expect(placed, where(round)).toHaveLength(5);
      expect(refused, where(round)).toHaveLength(25);
      for (const res of refused)
        expect(res.json(), where(round)).toMatchObject({
          code: 'CHECKOUT_STOCK_INSUFFICIENT',
          detail: `Stock insuffisant pour ${shirt.name} (Taille : M).`,
        });
      const orders = placed.map((res) => res.json<OrderBody>());
      const withL = orders.filter((o) => o.items.some((item) => item.variant_id === l.id)).length;
      // All lines or none: a refused checkout took no L either; S was never asked for.
      expect(await stocks(shirt.id), where(round)).toEqual({ S: s.stock_qty, M: 0, L: 100 - withL });
      const stored = (await t.ctx.repos.orders.list({})).filter((o) =>
        o.items.some((i) => i.variantId === m.id),
      );
      expect(stored.map((o) => o.id).sort(), where(round)).toEqual(orders.map((o) => o.id).sort());
      // A refused shopper keeps the cart for another try.
      const refusedShopper = shoppers[answers.findIndex((res) => res.statusCode === 400)] ?? '';
      const kept = await t.app.inject({ url: '/api/cart', headers: bearer(refusedShopper) });
      expect(kept.json<{ items: { variant_id: string }[] }>().items.map((i) => i.variant_id)).toContain(m.id);
      await clearCarts(shoppers);
    }
  });

  it.skipIf(skip)(
    'a price edit racing checkouts loses no reservation and sells at the old or new price',
    SLOW,
    async () => {
      const buyers = shoppers.slice(0, SHOPPERS);
      let sawOld = 0;
      let sawNew = 0;
      for (let round = 0; round < ROUNDS; round += 1) {
        const shirt = await tshirt();
        const m = shirt.size('M');
        const initial = 12 + random.int(6);
        const quantities = buyers.map(() => 1 + random.int(3));
        for (const [i, token] of buyers.entries()) await addLine(token, shirt.id, m.id, quantities[i] ?? 1);
        await setStock(m.id, initial);
        const [oldPrice, newPrice] = [2000, 2500 + round];

        let editAnswered = Number.POSITIVE_INFINITY;
        const [answers, edit] = await Promise.all([
          Promise.all(
            buyers.map((token) =>
              later(
                async () => ({ sentAt: performance.now(), res: await checkout(t.app, token) }),
                SPREAD_MS,
              ),
            ),
          ),
          later(async () => {
            const res = await asAdmin('PUT', `/variants/${m.id}`, { price_cents: newPrice });
            editAnswered = performance.now();
            return res;
          }),
        ]);
        expect(edit.statusCode, where(round)).toBe(200);
        let sold = 0;
        for (const [i, { sentAt, res }] of answers.entries()) {
          expect([201, 400], `${where(round)}: ${res.body}`).toContain(res.statusCode);
          if (res.statusCode !== 201) continue;
          const [item] = res.json<OrderBody>().items;
          sold += quantities[i] ?? 0;
          expect(item?.quantity, where(round)).toBe(quantities[i]);
          expect([oldPrice, newPrice], `${where(round)}: unit price`).toContain(item?.unit_price_cents);
          if (sentAt > editAnswered)
            expect(item?.unit_price_cents, `${where(round)}: sent after the edit answered`).toBe(newPrice);
          if (item?.unit_price_cents === oldPrice) sawOld += 1;
          else sawNew += 1;
        }
        const after = await stocks(shirt.id);
        expect(after, `${where(round)}: stock = initial − units sold`).toEqual({
          S: 100,
          M: initial - sold,
          L: 100,
        });
        const shown = await t.ctx.repos.products.findById(shirt.id);
        expect(shown?.variants.find((v) => v.id === m.id)?.priceCents, where(round)).toBe(newPrice);
        await clearCarts(buyers);
      }
      // Both sides of the race were reached over the rounds, or the test proved little.
      console.info(`${name} price race: ${sawOld} orders at the old price, ${sawNew} at the new one`);
      expect(sawOld, 'orders at the old price').toBeGreaterThan(0);
      expect(sawNew, 'orders at the new price').toBeGreaterThan(0);
    },
  );

  it.skipIf(skip)(
    'deactivating a size racing checkouts never sells it once the deactivation answered',
    SLOW,
    async () => {
      const buyers = shoppers.slice(0, SHOPPERS);
      let soldBefore = 0;
      let refusedAfter = 0;
      for (let round = 0; round < ROUNDS; round += 1) {
        const shirt = await tshirt();
        const m = shirt.size('M');
        const initial = 40;
        for (const token of buyers) await addLine(token, shirt.id, m.id, 1);
        await setStock(m.id, initial);

        let offAnswered = Number.POSITIVE_INFINITY;
        const [answers, off] = await Promise.all([
          Promise.all(
            buyers.map((token) =>
              later(async () => {
                const sentAt = performance.now();
                return { sentAt, res: await checkout(t.app, token) };
              }, SPREAD_MS),
            ),
          ),
          later(async () => {
            // The price moves in the same write: an order at the new price saw the variant after
            // its deactivation committed, whenever that checkout was sent.
            const res = await asAdmin('PUT', `/variants/${m.id}`, { active: false, price_cents: 2600 });
            offAnswered = performance.now();
            return res;
          }),
        ]);
        expect(off.statusCode, where(round)).toBe(200);
        let sold = 0;
        for (const { sentAt, res } of answers) {
          expect([201, 400], `${where(round)}: ${res.body}`).toContain(res.statusCode);
          if (res.statusCode === 201) {
            sold += 1;
            expect(sentAt, `${where(round)}: sold though sent after the deactivation answered`).toBeLessThan(
              offAnswered,
            );
            soldBefore += 1;
            expect(
              res.json<OrderBody>().items[0]?.unit_price_cents,
              `${where(round)}: sold at the price written with the deactivation`,
            ).toBe(2000);
          } else {
            expect(res.json(), where(round)).toMatchObject({
              code: 'CHECKOUT_PRODUCT_UNAVAILABLE',
              detail: `Produit indisponible : ${shirt.name} (Taille : M).`,
            });
            if (sentAt > offAnswered) refusedAfter += 1;
          }
        }
        expect(await stocks(shirt.id), `${where(round)}: stock = initial − units sold`).toEqual({
          S: 100,
          M: initial - sold,
          L: 100,
        });
        // Once it answered, a refused cart checked out again is refused again.
        const retries = await Promise.all(buyers.map((token) => checkout(t.app, token)));
        expect(
          retries.map((res) => res.statusCode).filter((status) => status !== 400),
          where(round),
        ).toEqual([]);
        await clearCarts(buyers);
      }
      console.info(
        `${name} deactivation race: ${soldBefore} sold before it, ${refusedAfter} refused after it`,
      );
      expect(soldBefore, 'checkouts that won the race').toBeGreaterThan(0);
      expect(refusedAfter, 'checkouts sent after the deactivation answered').toBeGreaterThan(0);
    },
  );
});
