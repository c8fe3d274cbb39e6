import type { FastifyInstance } from 'fastify';
import type postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app.js';
import { ScryptPasswordHasher } from '../../src/auth/password-hasher.js';
import { type AppContext, createAppContext } from '../../src/context.js';
import { openClient } from '../../src/database/db.js';
import { connectPostgres } from '../../src/stores/connect-postgres.js';
import {
  createSchema,
  databaseUrlWithSchema,
  dropSchema,
  pgStoreOptions,
  TEST_DATABASE_URL,
} from '../helpers/postgres.js';
import { bearer, registerUser } from '../helpers/test-app.js';
import { testConfig } from '../helpers/test-config.js';

if (!TEST_DATABASE_URL)
  console.warn('coherence of two instances: skipped, DATABASE_URL is not set (npm run test:pg runs it)');

/** The bound: whatever one writer changes, every instance serves within a second. */
const WITHIN_MS = 1_000;
/** How long a check is retried: past the bound, so a late answer is measured, not just refused. */
const DEADLINE_MS = 1_500;

/**
 * Retries `check` until it passes or DEADLINE_MS has passed (then fails with its last error), and
 * fails if it first passed later than WITHIN_MS after the call.
 */
async function seenWithinBound(check: () => Promise<void>): Promise<void> {
  const started = performance.now();
  for (;;) {
    try {
      await check();
      break;
    } catch (err) {
      if (performance.now() - started > DEADLINE_MS) throw err;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }
  expect(performance.now() - started, 'seen within the bound').toBeLessThanOrEqual(WITHIN_MS);
}

interface Instance {
  app: FastifyInstance;
  ctx: AppContext;
}

/**
 * Two instances on one database, each with its own pool and its own caches, and a plain
 * connection standing for psql: what any of them writes, both serve within the bound.
 */
describe.skipIf(!TEST_DATABASE_URL)('two instances and psql on one database', () => {
  const url = TEST_DATABASE_URL ?? '';
  let schema: string;
  let a: Instance;
  let b: Instance;
  let psql: postgres.Sql;

  const start = async (): Promise<Instance> => {
    const stores = await connectPostgres(url, pgStoreOptions(schema));
    const ctx = createAppContext(testConfig(), stores, { hasher: new ScryptPasswordHasher(2 ** 10) });
    const app = await buildApp(ctx);
    await app.ready();
    return { app, ctx };
  };

  beforeAll(async () => {
    schema = await createSchema(url);
    a = await start();
    b = await start();
    psql = openClient(databaseUrlWithSchema(url, schema), { max: 1 });
  });
  afterAll(async () => {
    await psql?.end();
    await a?.app.close();
    await b?.app.close();
    await dropSchema(url, schema);
  });

  const newProduct = (name: string, stockQty = 10) =>
    a.ctx.services.catalog.createFromInput({
      name,
      description: '',
      priceCents: 1_000,
      stockQty,
      imageUrl: null,
      active: true,
    });
  const detailOn = (instance: Instance, id: string) =>
    instance.app.inject({ url: `/api/catalog/products/${id}` });
  const listedOn = async (instance: Instance) =>
    (await instance.app.inject({ url: '/api/catalog/products?limit=100' })).json<{
      products: { id: string; price_cents: number; stock_qty: number }[];
    }>().products;
  /** Reads the product on `instance`, by id and in the list, so both sit in its cache. */
  const warm = async (
    instance: Instance,
    id: string,
    expected: { price_cents?: number; stock_qty?: number },
  ) => {
    expect((await detailOn(instance, id)).json()).toMatchObject(expected);
    expect((await listedOn(instance)).find((p) => p.id === id)).toMatchObject(expected);
  };

  it('refuses on B, within the bound, a token B had already accepted and A logged out', async () => {
    const user = await registerUser(a.app);
    for (let i = 0; i < 3; i += 1)
      expect((await b.app.inject({ url: '/api/auth/me', headers: bearer(user.token) })).statusCode).toBe(200);
    await a.app.inject({ method: 'POST', url: '/api/auth/logout', headers: bearer(user.token) });
    expect((await a.app.inject({ url: '/api/auth/me', headers: bearer(user.token) })).statusCode).toBe(401);
    await seenWithinBound(async () => {
      expect((await b.app.inject({ url: '/api/auth/me', headers: bearer(user.token) })).statusCode).toBe(401);
    });
  });

  it('serves on B a product created on A, in the list and by id', async () => {
    await listedOn(b);
    const product = await newProduct('Nouveauté');
    await seenWithinBound(async () => {
      expect((await listedOn(b)).map((p) => p.id)).toContain(product.id);
      expect((await detailOn(b, product.id)).statusCode).toBe(200);
    });
  });

  it('serves on B, within the bound, the price A set, in the list and by id', async () => {
    const product = await newProduct('Prix mobile');
    await seenWithinBound(() => warm(b, product.id, { price_cents: 1_000 }));
    await a.ctx.services.catalog.update(product.id, { priceCents: 2_550 });
    expect((await detailOn(a, product.id)).json().price_cents, 'A reads its own write at once').toBe(2_550);
    await seenWithinBound(() => warm(b, product.id, { price_cents: 2_550 }));
  });

  it('stops serving on B a product A deactivated, and serves it again once A reactivates it', async () => {
    const product = await newProduct('Saisonnier');
    await seenWithinBound(() => warm(b, product.id, {}));
    await a.ctx.services.catalog.update(product.id, { active: false });
    await seenWithinBound(async () => {
      expect((await listedOn(b)).map((p) => p.id)).not.toContain(product.id);
      expect((await detailOn(b, product.id)).statusCode).toBe(404);
    });
    await a.ctx.services.catalog.update(product.id, { active: true });
    await seenWithinBound(async () => expect((await detailOn(b, product.id)).statusCode).toBe(200));
  });

  it('shows on B the stock a checkout on A took, and on A what a cancel on B gave back', async () => {
    const product = await newProduct('Stock partagé', 7);
    await seenWithinBound(() => warm(b, product.id, { stock_qty: 7 }));
    await warm(a, product.id, { stock_qty: 7 });
    const buyer = await registerUser(a.app);
    await a.app.inject({
      method: 'POST',
      url: '/api/cart/add',
      headers: bearer(buyer.token),
      payload: { product_id: product.id, quantity: 3 },
    });
    const order = await a.app.inject({
      method: 'POST',
      url: '/api/orders/checkout',
      headers: bearer(buyer.token),
    });
    expect(order.statusCode).toBe(201);
    expect((await detailOn(a, product.id)).json().stock_qty, 'A reads its own write at once').toBe(4);
    await seenWithinBound(() => warm(b, product.id, { stock_qty: 4 }));

    const cancelled = await b.app.inject({
      method: 'POST',
      url: '/api/orders/cancel',
      headers: bearer(buyer.token),
      payload: { order_id: order.json().id },
    });
    expect(cancelled.statusCode).toBe(200);
    expect((await detailOn(b, product.id)).json().stock_qty, 'B reads its own write at once').toBe(7);
    await seenWithinBound(() => warm(a, product.id, { stock_qty: 7 }));
  });

  it('serves on both instances, within the bound, what psql changed: price, stock, active', async () => {
    const product = await newProduct('Retouché à la main', 9);
    for (const instance of [a, b]) await seenWithinBound(() => warm(instance, product.id, { stock_qty: 9 }));

    await psql.unsafe('UPDATE products SET price_cents = 3333 WHERE id = $1', [product.id]);
    for (const instance of [a, b])
      await seenWithinBound(() => warm(instance, product.id, { price_cents: 3_333 }));

    await psql.unsafe('UPDATE product_variants SET stock_qty = 2 WHERE product_id = $1', [product.id]);
    for (const instance of [a, b]) await seenWithinBound(() => warm(instance, product.id, { stock_qty: 2 }));

    await psql.unsafe('UPDATE products SET active = false WHERE id = $1', [product.id]);
    for (const instance of [a, b])
      await seenWithinBound(async () => expect((await detailOn(instance, product.id)).statusCode).toBe(404));
  });

  it('refuses on both instances, within the bound, a session psql expired (expires_at in the past)', async () => {
    const user = await registerUser(a.app);
    for (const instance of [a, b])
      expect(
        (await instance.app.inject({ url: '/api/auth/me', headers: bearer(user.token) })).statusCode,
      ).toBe(200);
    await psql.unsafe("UPDATE sessions SET expires_at = now() - interval '1 minute' WHERE user_id = $1", [
      user.userId,
    ]);
    for (const instance of [a, b])
      await seenWithinBound(async () => {
        const me = await instance.app.inject({ url: '/api/auth/me', headers: bearer(user.token) });
        expect(me.statusCode).toBe(401);
      });
  });

  it('refuses on both instances, within the bound, a session psql deleted', async () => {
    const user = await registerUser(a.app);
    for (const instance of [a, b])
      expect(
        (await instance.app.inject({ url: '/api/auth/me', headers: bearer(user.token) })).statusCode,
      ).toBe(200);
    await psql.unsafe('DELETE FROM sessions WHERE user_id = $1', [user.userId]);
    for (const instance of [a, b])
      await seenWithinBound(async () => {
        const me = await instance.app.inject({ url: '/api/auth/me', headers: bearer(user.token) });
        expect(me.statusCode).toBe(401);
      });
  });
});
