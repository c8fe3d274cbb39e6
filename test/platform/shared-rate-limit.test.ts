import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Stores } from '../../src/stores/stores.js';
import { backendUnavailable, storeBackends, warnWhenPostgresSkipped } from '../helpers/store-backends.js';
import { buildTestApp } from '../helpers/test-app.js';

/**
 * Two apps over the same stores stand for two instances on one database (issue 14): the
 * optional global and registration limits count in the store, so both enforce one limit.
 */
warnWhenPostgresSkipped('shared rate limits');

describe.each(storeBackends)('global and registration limits shared by two instances (%s)', (name, open) => {
  const skip = backendUnavailable(name);
  let a: FastifyInstance;
  let b: FastifyInstance;
  let drop: () => Promise<void>;

  beforeAll(async () => {
    if (skip) return;
    const opened = await open();
    drop = opened.drop;
    // The stores outlive both apps: the test lets go of them once, after both closed.
    const shared: Stores = { ...opened.stores, close: async () => {} };
    const instance = async () =>
      (
        await buildTestApp({
          stores: shared,
          config: {
            rateLimit: {
              loginMax: 5,
              loginWindowSeconds: 60,
              globalMax: 6,
              registerMax: 2,
              windowSeconds: 60,
            },
          },
        })
      ).app;
    a = await instance();
    b = await instance();
  });
  afterAll(async () => {
    if (skip) return;
    await a.close();
    await b.close();
    await drop();
  });

  it.skipIf(skip)('counts requests to either instance against one global limit per address', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 7; i += 1) {
      const app = i % 2 === 0 ? a : b;
      statuses.push((await app.inject({ url: '/health', remoteAddress: '10.2.0.1' })).statusCode);
    }
    expect(statuses).toEqual([200, 200, 200, 200, 200, 200, 429]);
    const refused = await b.inject({ url: '/health', remoteAddress: '10.2.0.1' });
    expect(refused.statusCode).toBe(429);
    expect(refused.json()).toMatchObject({ detail: 'Trop de requêtes, réessayez plus tard.' });
    expect((await b.inject({ url: '/health', remoteAddress: '10.2.0.9' })).statusCode).toBe(200);
  });

  it.skipIf(skip)('counts registrations on either instance against one registration limit', async () => {
    const register = (app: FastifyInstance, n: number) =>
      app.inject({
        method: 'POST',
        url: '/api/auth/register',
        remoteAddress: '10.2.0.2',
        payload: {
          email: `shared${n}-${name}@example.com`,
          password: 'secret123',
          first_name: 'A',
          last_name: 'B',
          address: '1 rue X, Paris',
        },
      });
    expect((await register(a, 1)).statusCode).toBe(201);
    expect((await register(b, 2)).statusCode).toBe(201);
    const third = await register(a, 3);
    expect(third.statusCode).toBe(429);
    expect(third.json()).toMatchObject({ detail: 'Trop de requêtes, réessayez plus tard.' });
  });
});
