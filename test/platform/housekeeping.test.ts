import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SWEEP_BATCH } from '../../src/platform/housekeeping.service.js';
import { addToCart, checkout, createProduct } from '../helpers/shop.js';
import { bearer, buildTestApp, loginAs, registerUser, type TestApp } from '../helpers/test-app.js';

let t: TestApp;
const TTL_SECONDS = 60;
beforeAll(async () => {
  t = await buildTestApp({ config: { sessionTtlSeconds: TTL_SECONDS } });
});
afterAll(() => t.app.close());

describe('housekeeping', () => {
  it('sweeps sessions, idempotency keys and login failures once expired, and keeps live ones', async () => {
    const { token, email } = await registerUser(t.app);
    const product = await createProduct(t, { stockQty: 5 });
    await addToCart(t.app, token, product.id, 1);
    expect((await checkout(t.app, token, undefined, { 'idempotency-key': 'k-1' })).statusCode).toBe(201);
    const wrong = await t.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { email, password: 'not-the-password' },
    });
    expect(wrong.statusCode).toBe(401);

    // Nothing has expired yet: a pass removes nothing.
    expect(await t.ctx.services.housekeeping.sweep()).toEqual({
      sessions: 0,
      idempotency: 0,
      loginAttempts: 0,
      accountTokens: 0,
      unpaidOrders: 0,
    });

    t.clock.advance(25 * 60 * 60 * 1000);
    expect(await t.ctx.services.housekeeping.sweep()).toEqual({
      sessions: 1,
      idempotency: 1,
      loginAttempts: 1,
      // The registration's verification link lives 48 h: still there.
      accountTokens: 0,
      // The order checked out above was never paid: the system cancelled it.
      unpaidOrders: 1,
    });
    const fresh = await loginAs(t.app, email, 'secret123');
    expect((await t.app.inject({ url: '/api/cart', headers: bearer(token) })).statusCode).toBe(401);
    expect((await t.app.inject({ url: '/api/cart', headers: bearer(fresh) })).statusCode).toBe(200);
  });

  it('removes at most one batch per store per pass', async () => {
    const now = t.clock.now();
    const { userId } = await registerUser(t.app);
    for (let i = 0; i < SWEEP_BATCH + 5; i += 1) {
      await t.ctx.repos.sessions.save({ tokenHash: `old-${i}`, userId, createdAt: now, expiresAt: now + 1 });
    }
    t.clock.advance(TTL_SECONDS * 1000 + 1);
    expect((await t.ctx.services.housekeeping.sweep()).sessions).toBe(SWEEP_BATCH);
    expect((await t.ctx.services.housekeeping.sweep()).sessions).toBeGreaterThanOrEqual(5);
  });
});
