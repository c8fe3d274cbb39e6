import type { FastifyInstance } from 'fastify';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app.js';
import { ScryptPasswordHasher } from '../../src/auth/password-hasher.js';
import { ProductReadModel } from '../../src/catalog/product-read-model.js';
import { type AppContext, createAppContext } from '../../src/context.js';
import { ANNOUNCES_UPDATES } from '../../src/database/db.js';
import { connectPostgres } from '../../src/stores/connect-postgres.js';
import type { Stores } from '../../src/stores/stores.js';
import { createSchema, databaseUrlWithSchema, dropSchema, TEST_DATABASE_URL } from '../helpers/postgres.js';
import { bearer, registerUser } from '../helpers/test-app.js';
import { testConfig } from '../helpers/test-config.js';

if (!TEST_DATABASE_URL)
  console.warn('coherence of in-process copies: skipped, DATABASE_URL is not set (npm run test:pg runs it)');

/** Issue 11's bound: what one instance changes, the other serves within a second. */
const WITHIN_MS = 1_000;

/** Polls `check` until it passes; fails with its last error once WITHIN_MS has passed. */
async function within(check: () => Promise<void>): Promise<void> {
  const deadline = Date.now() + WITHIN_MS;
  for (;;) {
    try {
      await check();
      return;
    } catch (err) {
      if (Date.now() > deadline) throw err;
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  }
}

interface Instance {
  app: FastifyInstance;
  ctx: AppContext;
  stores: Stores;
}

describe.skipIf(!TEST_DATABASE_URL)('two instances keep their in-process copies coherent', () => {
  const url = TEST_DATABASE_URL ?? '';
  let schema: string;
  let a: Instance;
  let b: Instance;

  const start = async (): Promise<Instance> => {
    const config = testConfig();
    const stores = await connectPostgres(url, { schema });
    const ctx = createAppContext(config, stores, { hasher: new ScryptPasswordHasher(2 ** 10) });
    const app = await buildApp(ctx);
    await app.ready();
    return { app, ctx, stores };
  };

  beforeAll(async () => {
    schema = await createSchema(url);
    a = await start();
    b = await start();
  });
  afterAll(async () => {
    await a?.app.close();
    await b?.app.close();
    await dropSchema(url, schema);
  });

  const newProduct = (name: string, stockQty = 10) =>
    a.ctx.services.catalog.create({
      name,
      description: '',
      priceCents: 1_000,
      stockQty,
      imageUrl: null,
      active: true,
    });
  /** A connection outside both instances' pools, to the same schema, closed after `work`. */
  const onConnectionOfItsOwn = async (work: (client: pg.Client) => Promise<void>) => {
    const client = new pg.Client({ connectionString: databaseUrlWithSchema(url, schema) });
    await client.connect();
    try {
      await work(client);
    } finally {
      await client.end();
    }
  };
  const detailOn = (instance: Instance, id: string) =>
    instance.app.inject({ url: `/api/catalog/products/${id}` });
  const listedIdsOn = async (instance: Instance) =>
    (await instance.app.inject({ url: '/api/catalog/products?limit=100' }))
      .json<{ products: { id: string }[] }>()
      .products.map((p) => p.id);

  it('refuses on B, within a second, a token B had already accepted and A logged out', async () => {
    const user = await registerUser(a.app);
    // B reads the session, and keeps it in its cache.
    for (let i = 0; i < 3; i += 1)
      expect((await b.app.inject({ url: '/api/auth/me', headers: bearer(user.token) })).statusCode).toBe(200);
    await a.app.inject({ method: 'POST', url: '/api/auth/logout', headers: bearer(user.token) });
    expect((await a.app.inject({ url: '/api/auth/me', headers: bearer(user.token) })).statusCode).toBe(401);
    await within(async () => {
      expect((await b.app.inject({ url: '/api/auth/me', headers: bearer(user.token) })).statusCode).toBe(401);
    });
  });

  it('serves on B a product created on A, in the list and by id', async () => {
    await listedIdsOn(b);
    const product = await newProduct('Nouveauté');
    await within(async () => {
      expect(await listedIdsOn(b)).toContain(product.id);
      expect((await detailOn(b, product.id)).statusCode).toBe(200);
    });
  });

  it('serves on B the price A set, in the list and by id', async () => {
    const product = await newProduct('Prix mobile');
    await within(async () => expect((await detailOn(b, product.id)).json().price_cents).toBe(1_000));
    await a.ctx.services.catalog.update(product.id, { priceCents: 2_550 });
    await within(async () => {
      expect((await detailOn(b, product.id)).json()).toMatchObject({ price_cents: 2_550, price_euros: 25.5 });
      const listed = (await b.app.inject({ url: '/api/catalog/products?limit=100' }))
        .json<{ products: { id: string; price_cents: number }[] }>()
        .products.find((p) => p.id === product.id);
      expect(listed?.price_cents).toBe(2_550);
    });
  });

  it('stops serving on B a product A deactivated, and serves it again once A reactivates it', async () => {
    const product = await newProduct('Saisonnier');
    await within(async () => expect(await listedIdsOn(b)).toContain(product.id));
    await a.ctx.services.catalog.update(product.id, { active: false });
    await within(async () => {
      expect(await listedIdsOn(b)).not.toContain(product.id);
      expect((await detailOn(b, product.id)).statusCode).toBe(404);
    });
    await a.ctx.services.catalog.update(product.id, { active: true });
    await within(async () => expect((await detailOn(b, product.id)).statusCode).toBe(200));
  });

  it('shows on B the stock a checkout on A took, and gives back on cancel', async () => {
    const product = await newProduct('Stock partagé', 7);
    await within(async () => expect((await detailOn(b, product.id)).json().stock_qty).toBe(7));
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
    // A reads its own write at once; B within the bound.
    expect((await detailOn(a, product.id)).json().stock_qty).toBe(4);
    await within(async () => expect((await detailOn(b, product.id)).json().stock_qty).toBe(4));

    const cancelled = await b.app.inject({
      method: 'POST',
      url: '/api/orders/cancel',
      headers: bearer(buyer.token),
      payload: { order_id: order.json().id },
    });
    expect(cancelled.statusCode).toBe(200);
    expect((await detailOn(b, product.id)).json().stock_qty).toBe(7);
    await within(async () => expect((await detailOn(a, product.id)).json().stock_qty).toBe(7));
  });

  it('serves on both instances what another writer (psql, a script) changed, price and then stock alone', async () => {
    const product = await newProduct('Retouché à la main', 9);
    await within(async () => expect((await detailOn(b, product.id)).json().stock_qty).toBe(9));
    // Not one of the API's connections: the update trigger announces these writes.
    await onConnectionOfItsOwn(async (psql) => {
      await psql.query('UPDATE products SET price_cents = 3333 WHERE id = $1', [product.id]);
      for (const instance of [a, b]) {
        await within(async () =>
          expect((await detailOn(instance, product.id)).json().price_cents).toBe(3_333),
        );
      }
      await psql.query('UPDATE products SET stock_qty = 2 WHERE id = $1', [product.id]);
      for (const instance of [a, b]) {
        await within(async () => expect((await detailOn(instance, product.id)).json().stock_qty).toBe(2));
      }
      const { rows } = await psql.query<{ version: string }>('SELECT version FROM products WHERE id = $1', [
        product.id,
      ]);
      expect(Number(rows[0]?.version), 'each outside write moved the version once').toBe(2);
    });
  });

  it('catches up on B with a stock move whose announcement never came (its writer killed after commit)', async () => {
    const product = await newProduct('Annonce perdue', 8);
    await within(async () => expect((await detailOn(b, product.id)).json().stock_qty).toBe(8));
    // What a killed instance leaves behind: committed on one of the API's connections (the trigger
    // stays silent) and never announced.
    await onConnectionOfItsOwn(async (killed) => {
      await killed.query(`SET ${ANNOUNCES_UPDATES} = on`);
      await killed.query('UPDATE products SET stock_qty = 3 WHERE id = $1', [product.id]);
    });
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect((await detailOn(b, product.id)).json().stock_qty, 'nothing told B').toBe(8);

    const copy = b.stores.repos.products;
    if (!(copy instanceof ProductReadModel)) throw new Error('B does not serve from a copy');
    await copy.reconcile();
    await within(async () => expect((await detailOn(b, product.id)).json().stock_qty).toBe(3));
  });
});
