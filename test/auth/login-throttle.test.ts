import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { StoreUnavailableError } from '../../src/shared/errors.js';
import { buildTestApp, registerUser, type TestApp } from '../helpers/test-app.js';

/** The failed-login throttle's finer points: what resets it, what it tells the client. */
let t: TestApp;
beforeAll(async () => {
  t = await buildTestApp();
});
afterAll(() => t.app.close());
afterEach(() => {
  vi.restoreAllMocks();
});

let address = 0;
/** Each test logs in from its own address, so the counters of one never leak into another. */
const newAddress = () => `10.20.0.${++address}`;

const login = (email: string, password: string, ip: string) =>
  t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { email, password }, remoteAddress: ip });

describe('failed-login throttle', () => {
  it('starts counting again from zero after a successful login', async () => {
    const ip = newAddress();
    const { email } = await registerUser(t.app, { password: 'right-password' });
    for (let i = 0; i < 4; i += 1) expect((await login(email, 'wrong', ip)).statusCode).toBe(401);
    expect((await login(email, 'right-password', ip)).statusCode).toBe(200);
    for (let i = 0; i < 4; i += 1) expect((await login(email, 'wrong', ip)).statusCode).toBe(401);
    expect((await login(email, 'right-password', ip)).statusCode).toBe(200);
  });

  it('keeps refusing while blocked: a 429 does not reset the count', async () => {
    const ip = newAddress();
    const { email } = await registerUser(t.app, { password: 'right-password' });
    for (let i = 0; i < 5; i += 1) await login(email, 'wrong', ip);
    expect((await login(email, 'right-password', ip)).statusCode).toBe(429);
    expect((await login(email, 'right-password', ip)).statusCode).toBe(429);
  });

  it('says in Retry-After when the oldest failure leaves the one-minute window', async () => {
    const ip = newAddress();
    const { email } = await registerUser(t.app, { password: 'right-password' });
    await login(email, 'wrong', ip);
    t.clock.advance(15_000);
    for (let i = 0; i < 4; i += 1) await login(email, 'wrong', ip);
    t.clock.advance(5_000);
    const blocked = await login(email, 'right-password', ip);
    expect(blocked.statusCode).toBe(429);
    expect(blocked.headers['retry-after']).toBe('40');
    // When the oldest failure expires, one more attempt is allowed, and it succeeds.
    t.clock.advance(40_000);
    expect((await login(email, 'right-password', ip)).statusCode).toBe(200);
  });

  it('slides: failures older than a minute no longer count', async () => {
    const ip = newAddress();
    const { email } = await registerUser(t.app, { password: 'right-password' });
    for (let i = 0; i < 4; i += 1) await login(email, 'wrong', ip);
    t.clock.advance(60_000);
    for (let i = 0; i < 4; i += 1) expect((await login(email, 'wrong', ip)).statusCode).toBe(401);
    expect((await login(email, 'right-password', ip)).statusCode).toBe(200);
  });

  it('sends no X-RateLimit headers on logins that are not refused', async () => {
    const ip = newAddress();
    const { email } = await registerUser(t.app, { password: 'right-password' });
    for (const res of [await login(email, 'wrong', ip), await login(email, 'right-password', ip)]) {
      expect(Object.keys(res.headers).filter((name) => name.startsWith('x-ratelimit'))).toEqual([]);
    }
  });

  it('answers the sixth attempt 429 with the French detail and the TOO_MANY_ATTEMPTS code', async () => {
    const ip = newAddress();
    const { email } = await registerUser(t.app, { password: 'right-password' });
    for (let i = 0; i < 5; i += 1) expect((await login(email, 'wrong', ip)).statusCode).toBe(401);
    const blocked = await login(email, 'wrong', ip);
    expect(blocked.statusCode).toBe(429);
    expect(blocked.json()).toEqual({
      detail: 'Trop de tentatives, réessayez plus tard.',
      code: 'TOO_MANY_ATTEMPTS',
    });
  });

  it('counts an email typed with other case and spaces as the same email', async () => {
    const ip = newAddress();
    const { email } = await registerUser(t.app, { password: 'right-password' });
    const variants = [email, email.toUpperCase(), `  ${email}`, `${email} `, ` ${email.toUpperCase()} `];
    for (const variant of variants) expect((await login(variant, 'wrong', ip)).statusCode).toBe(401);
    expect((await login(email, 'right-password', ip)).statusCode).toBe(429);
  });

  it('answers 503 when the attempt store is down, without checking the password', async () => {
    const ip = newAddress();
    const { email } = await registerUser(t.app, { password: 'right-password' });
    vi.spyOn(t.ctx.repos.loginAttempts, 'take').mockRejectedValueOnce(new StoreUnavailableError('down'));
    const verify = vi.spyOn(t.ctx.services.auth, 'login');
    const res = await login(email, 'right-password', ip);
    expect(res.statusCode).toBe(503);
    expect(res.json()).toMatchObject({ code: 'STORE_UNAVAILABLE' });
    expect(verify).not.toHaveBeenCalled();
  });
});
