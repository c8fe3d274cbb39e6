import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app.js';
import { ScryptPasswordHasher } from '../../src/auth/password-hasher.js';
import { type AppContext, createAppContext } from '../../src/context.js';
import { connectPostgres } from '../../src/stores/connect-postgres.js';
import { createSchema, dropSchema, pgStoreOptions, TEST_DATABASE_URL } from '../helpers/postgres.js';
import { bearer, loginAs, registerUser } from '../helpers/test-app.js';
import { testConfig } from '../helpers/test-config.js';

if (!TEST_DATABASE_URL) console.warn('reset across instances: skipped, DATABASE_URL is not set');

/** A reset on one instance ends the user's sessions on every instance, within the session cache's TTL. */
describe.skipIf(!TEST_DATABASE_URL)('password reset with two instances on one database', () => {
  const url = TEST_DATABASE_URL ?? '';
  let schema: string;
  const instances: { app: FastifyInstance; ctx: AppContext }[] = [];

  beforeAll(async () => {
    schema = await createSchema(url);
    for (let i = 0; i < 2; i += 1) {
      const ctx = createAppContext(testConfig(), await connectPostgres(url, pgStoreOptions(schema)), {
        hasher: new ScryptPasswordHasher(2 ** 10),
      });
      const app = await buildApp(ctx);
      await app.ready();
      instances.push({ app, ctx });
    }
  });
  afterAll(async () => {
    for (const { app } of instances) await app.close();
    await dropSchema(url, schema);
  });

  it('a session cached on the other instance fails within DATABASE_CACHE_TTL_MS of the reset', async () => {
    const [a, b] = instances as [(typeof instances)[0], (typeof instances)[0]];
    const user = await registerUser(a.app);
    const onB = await loginAs(b.app, user.email, 'secret123');
    const me = (app: FastifyInstance, token: string) =>
      app.inject({ url: '/api/auth/me', headers: bearer(token) });
    // Cached on B now.
    expect((await me(b.app, onB)).statusCode).toBe(200);
    await a.app.inject({ method: 'POST', url: '/api/auth/password/forgot', payload: { email: user.email } });
    const mails = await a.ctx.repos.outbox.page(undefined, { limit: 50, offset: 0 });
    const token = String(mails.items.find((m) => m.template === 'password_forgot')?.data.token);
    const reset = await a.app.inject({
      method: 'POST',
      url: '/api/auth/password/reset',
      payload: { token, password: 'nouveau123' },
    });
    expect(reset.statusCode).toBe(200);
    const resetAt = Date.now();
    expect((await me(a.app, user.token)).statusCode).toBe(401);
    let status = 200;
    while (status === 200 && Date.now() - resetAt < 2_000) {
      status = (await me(b.app, onB)).statusCode;
      if (status === 200) await new Promise((resolve) => setTimeout(resolve, 25));
    }
    const endedAfterMs = Date.now() - resetAt;
    expect(status).toBe(401);
    expect(endedAfterMs).toBeLessThanOrEqual(a.ctx.config.databaseCacheTtlMs + 200);
  });
});
