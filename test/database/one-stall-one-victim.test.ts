import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openClient } from '../../src/database/db.js';
import {
  databaseUrlWithSchema,
  postgresStoresInNewSchema,
  type SchemaStores,
  TEST_DATABASE_URL,
} from '../helpers/postgres.js';
import { bearer, buildTestApp, registerUser } from '../helpers/test-app.js';

if (!TEST_DATABASE_URL)
  console.warn('one stall, one victim: skipped, DATABASE_URL is not set (npm run test:pg runs it)');

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const LOCK_HELD_MS = 5_000;
const BYSTANDERS = 4;

const p99 = (samples: number[]): number => {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * 0.99))] ?? 0;
};

/**
 * Issue 28, "one stall, one victim": while one customer's checkout waits on a row lock another
 * session holds, the other customers of the same instance (cart, orders, login, a cart write)
 * are not slowed. Before, every statement of the instance was pipelined on one connection and
 * queued behind the stalled one: bystanders' p99 was the stall itself (figures in the log).
 */
describe.skipIf(!TEST_DATABASE_URL)('a checkout stalled on a row lock, and the other customers', () => {
  const url = TEST_DATABASE_URL ?? '';
  let pg: SchemaStores;
  let app: FastifyInstance;
  let locked: string;
  let free: string;
  let victim: string;
  const bystanders: { token: string; email: string }[] = [];

  beforeAll(async () => {
    pg = await postgresStoresInNewSchema(url);
    const built = await buildTestApp({ stores: pg.stores });
    app = built.app;
    const product = (name: string) =>
      built.ctx.services.catalog.createFromInput({
        name,
        description: '',
        priceCents: 500,
        stockQty: 1000,
        imageUrl: null,
        active: true,
      });
    locked = (await product('Verrouillé')).id;
    free = (await product('Libre')).id;
    victim = (await registerUser(app)).token;
    await app.inject({
      method: 'POST',
      url: '/api/cart/add',
      headers: bearer(victim),
      payload: { product_id: locked, quantity: 1 },
    });
    for (let i = 0; i < BYSTANDERS; i += 1) {
      const user = await registerUser(app, { password: 'secret123' });
      bystanders.push({ token: user.token, email: user.email });
    }
  });
  afterAll(async () => {
    await app?.close();
    await pg?.stores.close();
    await pg?.drop();
  });

  /** Each bystander loops over what a shopper does, timing each request, until `until`. */
  async function bystandersUntil(until: number): Promise<number[]> {
    const timings: number[] = [];
    const timed = async (send: () => Promise<{ statusCode: number }>) => {
      const started = Date.now();
      const res = await send();
      timings.push(Date.now() - started);
      expect(res.statusCode).toBeLessThan(300);
    };
    await Promise.all(
      bystanders.map(async ({ token, email }) => {
        while (Date.now() < until) {
          await timed(() => app.inject({ url: '/api/cart', headers: bearer(token) }));
          await timed(() => app.inject({ url: '/api/orders', headers: bearer(token) }));
          await timed(() =>
            app.inject({
              method: 'POST',
              url: '/api/cart/add',
              headers: bearer(token),
              payload: { product_id: free, quantity: 1 },
            }),
          );
          await timed(() =>
            app.inject({
              method: 'POST',
              url: '/api/auth/login',
              payload: { email, password: 'secret123' },
            }),
          );
        }
      }),
    );
    return timings;
  }

  it("keeps the other customers' p99 far below the stall", { timeout: 30_000 }, async () => {
    const baseline = p99(await bystandersUntil(Date.now() + 1_500));

    const sql = openClient(databaseUrlWithSchema(url, pg.schema), { max: 1 });
    const session = await sql.reserve();
    await session.unsafe('BEGIN');
    await session.unsafe('SELECT 1 FROM product_variants WHERE product_id = $1 FOR UPDATE', [locked]);
    const lockEnds = Date.now() + LOCK_HELD_MS;
    // The victim keeps trying while the lock is held: each checkout waits on it until the lock timeout.
    const victimStatuses: number[] = [];
    const victimLoop = (async () => {
      while (Date.now() < lockEnds - 500) {
        const res = await app.inject({
          method: 'POST',
          url: '/api/orders/checkout',
          headers: bearer(victim),
        });
        victimStatuses.push(res.statusCode);
      }
    })();
    await sleep(200);
    const during = await bystandersUntil(lockEnds - 500);
    await victimLoop;
    await session.unsafe('ROLLBACK');
    session.release();
    await sql.end();

    const stalled = p99(during);
    console.info(
      `one stall, one victim: bystanders' p99 ${baseline} ms before the lock, ${stalled} ms during it (${during.length} requests); victim answered ${victimStatuses.join(', ')}`,
    );
    expect(victimStatuses.length).toBeGreaterThan(0);
    expect(victimStatuses.every((s) => s === 503)).toBe(true);
    expect(stalled).toBeLessThan(Math.max(500, 3 * baseline));
  });
});
