import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { ScryptPasswordHasher } from '../../src/auth/password-hasher.js';
import { buildTestApp, registerUser, type TestApp } from '../helpers/test-app.js';

/** How the Authorization header is read (contract §1), one row per shape a client may send. */
let t: TestApp;
let token: string;
beforeAll(async () => {
  t = await buildTestApp();
  token = (await registerUser(t.app)).token;
});
afterAll(() => t.app.close());
afterEach(() => vi.restoreAllMocks());

const me = (authorization: string) => t.app.inject({ url: '/api/auth/me', headers: { authorization } });

describe('Authorization header parsing', () => {
  it.each([
    ['an empty header', '', 'Token manquant'],
    ['a header of spaces', '   ', 'Token manquant'],
    ['the scheme alone', 'Bearer', 'Format de token invalide'],
    ['the scheme and a trailing space', 'Bearer ', 'Format de token invalide'],
    ['another scheme', 'Basic dXNlcjpwYXNz', 'Format de token invalide'],
    ['three parts', 'Bearer abc def', 'Format de token invalide'],
    ['the scheme glued to the token', 'Bearerabc', 'Format de token invalide'],
    ['an unknown token', 'Bearer not-a-real-token', 'Token invalide ou expiré'],
  ])('answers 401 for %s', async (_shape, authorization, detail) => {
    const res = await me(authorization);
    expect(res.statusCode).toBe(401);
    expect(res.json()).toMatchObject({ detail });
    expect(res.headers['www-authenticate']).toBe('Bearer');
  });

  it.each([
    ['the usual form', (tok: string) => `Bearer ${tok}`],
    ['a lower-case scheme', (tok: string) => `bearer ${tok}`],
    ['an upper-case scheme', (tok: string) => `BEARER ${tok}`],
    ['leading spaces', (tok: string) => `   Bearer ${tok}`],
    ['trailing spaces', (tok: string) => `Bearer ${tok}   `],
    ['several spaces between scheme and token', (tok: string) => `Bearer     ${tok}`],
    ['a tab between scheme and token', (tok: string) => `Bearer\t${tok}`],
  ])('accepts %s', async (_shape, header) => {
    const res = await me(header(token));
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().email).toMatch(/@example\.com$/);
  });

  it('logs out the token read from a loosely spaced header', async () => {
    const own = (await registerUser(t.app)).token;
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/auth/logout',
      headers: { authorization: `  bearer   ${own} ` },
    });
    expect(res.statusCode).toBe(200);
    expect((await me(`Bearer ${own}`)).statusCode).toBe(401);
    expect((await me(`Bearer ${token}`)).statusCode).toBe(200);
  });
});

describe('login timing for unknown emails', () => {
  it('checks the password against a real hash when the email is unknown, so both failures cost one scrypt', async () => {
    const verify = vi.spyOn(ScryptPasswordHasher.prototype, 'verify');
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { email: 'nobody-here@example.com', password: 'guess-123' },
    });
    expect(res.statusCode).toBe(401);
    expect(res.json()).toMatchObject({ detail: 'Identifiants invalides.' });
    expect(verify).toHaveBeenCalledTimes(1);
    const [password, stored] = verify.mock.calls[0] ?? [];
    expect(password).toBe('guess-123');
    // The same scheme and cost as a real account's hash, so the work done is the same.
    expect(stored).toMatch(/^scrypt\$1024\$8\$1\$[A-Za-z0-9+/=]+\$[A-Za-z0-9+/=]{86}==$/);
    await expect(verify.mock.results[0]?.value).resolves.toBe(false);
  });

  it('checks the password once against the account’s hash when the email is known', async () => {
    const { email } = await registerUser(t.app, { password: 'right-pass' });
    const verify = vi.spyOn(ScryptPasswordHasher.prototype, 'verify');
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { email, password: 'wrong-pass' },
    });
    expect(res.statusCode).toBe(401);
    expect(verify).toHaveBeenCalledTimes(1);
    const user = await t.ctx.repos.users.findByEmail(email);
    expect(verify).toHaveBeenCalledWith('wrong-pass', user?.passwordHash);
  });
});
