import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashToken } from '../../src/auth/auth.service.js';
import { bearer, buildTestApp, registerUser, type TestApp } from '../helpers/test-app.js';

let t: TestApp;
beforeAll(async () => {
  t = await buildTestApp({ config: { sessionTtlSeconds: 60 } });
});
afterAll(() => t.app.close());

describe('session lifetime', () => {
  it('keeps a session until SESSION_TTL_SECONDS, then refuses it and deletes it from the store', async () => {
    const { token, userId } = await registerUser(t.app);
    const stored = await t.ctx.repos.sessions.findWithRole(hashToken(token));
    expect(stored).toEqual({
      tokenHash: hashToken(token),
      userId,
      createdAt: t.clock.now(),
      expiresAt: t.clock.now() + 60_000,
      isAdmin: false,
    });
    t.clock.advance(59_999);
    expect((await t.app.inject({ url: '/api/auth/me', headers: bearer(token) })).statusCode).toBe(200);
    expect(await t.ctx.repos.sessions.findWithRole(hashToken(token))).not.toBeNull();
    t.clock.advance(1);
    const expired = await t.app.inject({ url: '/api/auth/me', headers: bearer(token) });
    expect(expired.statusCode).toBe(401);
    expect(expired.json()).toMatchObject({ detail: 'Token invalide ou expiré' });
    expect(await t.ctx.repos.sessions.findWithRole(hashToken(token))).toBeNull();
  });
});
