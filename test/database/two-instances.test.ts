import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app.js';
import { ScryptPasswordHasher } from '../../src/auth/password-hasher.js';
import { createAppContext } from '../../src/context.js';
import { connectPostgres } from '../../src/stores/connect-postgres.js';
import { createSchema, dropSchema, pgStoreOptions, TEST_DATABASE_URL } from '../helpers/postgres.js';
import { bearer, registerUser } from '../helpers/test-app.js';
import { testConfig } from '../helpers/test-config.js';

if (!TEST_DATABASE_URL)
  console.warn('two instances on one database: skipped, DATABASE_URL is not set (npm run test:pg runs it)');

describe.skipIf(!TEST_DATABASE_URL)('two app instances on one PostgreSQL database', () => {
  const url = TEST_DATABASE_URL ?? '';
  let schema: string;
  let a: FastifyInstance;
  let b: FastifyInstance;
  let catalog: ReturnType<typeof createAppContext>['services']['catalog'];

  const instance = async () => {
    const config = testConfig();
    const ctx = createAppContext(config, await connectPostgres(url, pgStoreOptions(schema)), {
      hasher: new ScryptPasswordHasher(2 ** 10),
    });
    catalog = ctx.services.catalog;
    const app = await buildApp(ctx);
    await app.ready();
    return app;
  };

  beforeAll(async () => {
    schema = await createSchema(url);
    a = await instance();
    b = await instance();
  });
  afterAll(async () => {
    await a.close();
    await b.close();
    await dropSchema(url, schema);
  });

  it('accepts on one instance a token issued by the other, and revokes it everywhere', async () => {
    const user = await registerUser(a);
    expect((await b.inject({ url: '/api/auth/me', headers: bearer(user.token) })).json()).toMatchObject({
      id: user.userId,
    });
    await b.inject({ method: 'POST', url: '/api/auth/logout', headers: bearer(user.token) });
    expect((await a.inject({ url: '/api/auth/me', headers: bearer(user.token) })).statusCode).toBe(401);
  });

  it('100 checkouts split across both instances for 5 units give exactly 5 orders', async () => {
    const product = await catalog.createFromInput({
      name: 'Série limitée',
      description: '',
      priceCents: 990,
      stockQty: 100,
      imageUrl: null,
      active: true,
    });
    const apps = [a, b];
    const customers = await Promise.all(
      Array.from({ length: 100 }, (_, i) => registerUser(apps[i % 2] as FastifyInstance)),
    );
    for (const [i, c] of customers.entries()) {
      const res = await (apps[i % 2] as FastifyInstance).inject({
        method: 'POST',
        url: '/api/cart/add',
        headers: bearer(c.token),
        payload: { product_id: product.id, quantity: 1 },
      });
      expect(res.statusCode).toBe(200);
    }
    await catalog.setStock(product.id, 5);

    const results = await Promise.all(
      customers.map((c, i) =>
        (apps[(i + 1) % 2] as FastifyInstance).inject({
          method: 'POST',
          url: '/api/orders/checkout',
          headers: bearer(c.token),
        }),
      ),
    );
    const statuses = results.map((r) => r.statusCode);
    expect(statuses.filter((s) => s === 201)).toHaveLength(5);
    expect(statuses.filter((s) => s === 400)).toHaveLength(95);
    const stock = (await a.inject({ url: `/api/catalog/products/${product.id}` })).json().stock_qty;
    expect(stock).toBe(0);
  });
});
