import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, registerUser, type TestApp } from '../helpers/test-app.js';

const login = (t: TestApp, email: string, password: string, ip = '10.0.0.1') =>
  t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { email, password }, remoteAddress: ip });

describe('failed-login throttle (on by default)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await buildTestApp();
  });
  afterAll(() => t.app.close());

  it('answers 429 with Retry-After after 5 failures for one email from one address, even with the right password', async () => {
    const { email } = await registerUser(t.app, { password: 'right-password' });
    for (let i = 0; i < 5; i += 1) expect((await login(t, email, 'wrong')).statusCode).toBe(401);

    const blocked = await login(t, email, 'right-password');
    expect(blocked.statusCode).toBe(429);
    expect(blocked.json()).toMatchObject({ detail: 'Trop de tentatives, réessayez plus tard.' });
    expect(Number(blocked.headers['retry-after'])).toBeGreaterThan(0);
    expect(Number(blocked.headers['retry-after'])).toBeLessThanOrEqual(60);

    // Another email from the same address, and the same email from another address, are not slowed.
    const other = await registerUser(t.app, { password: 'other-password' });
    expect((await login(t, other.email, 'other-password')).statusCode).toBe(200);
    expect((await login(t, email, 'right-password', '10.0.0.2')).statusCode).toBe(200);

    // The window is a minute.
    t.clock.advance(60_000);
    expect((await login(t, email, 'right-password')).statusCode).toBe(200);
  });

  it('holds under a concurrent burst: 40 wrong guesses at once, at most 5 answered 401, the rest 429', async () => {
    const { email } = await registerUser(t.app, { password: 'right-password' });
    const burst = await Promise.all(Array.from({ length: 40 }, () => login(t, email, 'wrong', '10.0.0.5')));
    const statuses = burst.map((r) => r.statusCode);
    expect(statuses.filter((s) => s === 401).length).toBeLessThanOrEqual(5);
    expect(statuses.filter((s) => s === 429).length).toBeGreaterThanOrEqual(35);
    expect(statuses.every((s) => s === 401 || s === 429)).toBe(true);
    for (const r of burst.filter((r) => r.statusCode === 429)) {
      expect(r.json()).toMatchObject({ detail: 'Trop de tentatives, réessayez plus tard.' });
      expect(Number(r.headers['retry-after'])).toBeGreaterThan(0);
    }
  });

  it('a right password inside a burst, past the 5th slot, gets 429 and no token', async () => {
    const { email } = await registerUser(t.app, { password: 'right-password' });
    const burst = await Promise.all(
      Array.from({ length: 40 }, (_, i) =>
        login(t, email, i === 33 ? 'right-password' : 'wrong', '10.0.0.6'),
      ),
    );
    // Whichever order the attempts took their slots in, no more than 5 reached the password check.
    const checked = burst.filter((r) => r.statusCode !== 429);
    expect(checked.length).toBeLessThanOrEqual(5);
    // Then the right password, sent after the burst, is refused until the window ends.
    const late = await login(t, email, 'right-password', '10.0.0.6');
    expect(late.statusCode).toBe(429);
    expect(late.json()).not.toHaveProperty('token');
    t.clock.advance(60_000);
    expect((await login(t, email, 'right-password', '10.0.0.6')).statusCode).toBe(200);
  });

  it('does not slow successful logins', async () => {
    const { email } = await registerUser(t.app, { password: 'right-password' });
    for (let i = 0; i < 20; i += 1)
      expect((await login(t, email, 'right-password', '10.0.0.3')).statusCode).toBe(200);
  });

  it('counts failures whatever the case of the email', async () => {
    const { email } = await registerUser(t.app, { password: 'right-password' });
    for (let i = 0; i < 5; i += 1) await login(t, i % 2 ? email.toUpperCase() : email, 'wrong', '10.0.0.4');
    expect((await login(t, email, 'wrong', '10.0.0.4')).statusCode).toBe(429);
  });

  it('leaves other routes unlimited by default', async () => {
    for (let i = 0; i < 50; i += 1)
      expect((await t.app.inject({ url: '/health', remoteAddress: '10.0.0.9' })).statusCode).toBe(200);
  });
});

describe('global and registration limits (off by default, on through RATE_LIMIT_*)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await buildTestApp({
      config: {
        rateLimit: { loginMax: 5, loginWindowSeconds: 60, globalMax: 10, registerMax: 2, windowSeconds: 60 },
      },
    });
  });
  afterAll(() => t.app.close());

  it('limits registrations per address', async () => {
    const register = (n: number) =>
      t.app.inject({
        method: 'POST',
        url: '/api/auth/register',
        remoteAddress: '10.1.0.1',
        payload: {
          email: `r${n}@example.com`,
          password: 'secret123',
          first_name: 'A',
          last_name: 'B',
          address: '1 rue X, Paris',
        },
      });
    expect((await register(1)).statusCode).toBe(201);
    expect((await register(2)).statusCode).toBe(201);
    const third = await register(3);
    expect(third.statusCode).toBe(429);
    expect(third.json()).toMatchObject({ detail: 'Trop de requêtes, réessayez plus tard.' });
  });

  it('limits every route per address', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 11; i += 1)
      statuses.push((await t.app.inject({ url: '/health', remoteAddress: '10.1.0.2' })).statusCode);
    expect(statuses.slice(0, 10).every((s) => s === 200)).toBe(true);
    expect(statuses[10]).toBe(429);
    expect((await t.app.inject({ url: '/health', remoteAddress: '10.1.0.3' })).statusCode).toBe(200);
  });
});
