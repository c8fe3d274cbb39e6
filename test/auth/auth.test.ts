import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashToken } from '../../src/auth/auth.service.js';
import { bearer, buildTestApp, detailOf, registerUser, type TestApp } from '../helpers/test-app.js';
import { uid } from '../helpers/uid.js';

let t: TestApp;
beforeAll(async () => {
  t = await buildTestApp();
});
afterAll(() => t.app.close());

const validRegistration = (email: string) => ({
  email,
  password: 'secret123',
  first_name: '  Jeanne ',
  last_name: 'Dupont',
  address: ' 3 rue de la Paix, Paris ',
});

describe('POST /api/auth/register', () => {
  it('creates the account, logs it in and trims the names', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/auth/register',
      payload: validRegistration('Jeanne@Example.com'),
    });
    expect(res.statusCode).toBe(201);
    const body = res.json();
    expect(body).toMatchObject({
      email: 'jeanne@example.com',
      first_name: 'Jeanne',
      last_name: 'Dupont',
      is_admin: false,
    });
    expect(Object.keys(body).sort()).toEqual([
      'email',
      'first_name',
      'is_admin',
      'last_name',
      'token',
      'user_id',
    ]);
    const me = await t.app.inject({ url: '/api/auth/me', headers: bearer(body.token) });
    expect(me.json()).toMatchObject({ id: body.user_id, address: '3 rue de la Paix, Paris' });
  });

  it('refuses an email already used, whatever its case', async () => {
    await registerUser(t.app, { email: 'twice@example.com' });
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/auth/register',
      payload: validRegistration('TWICE@example.COM'),
    });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ detail: 'Email déjà utilisé.' });
  });

  it('gives exactly one account when the same email registers twice at once', async () => {
    const results = await Promise.all(
      Array.from({ length: 5 }, () =>
        t.app.inject({
          method: 'POST',
          url: '/api/auth/register',
          payload: validRegistration('race@example.com'),
        }),
      ),
    );
    expect(results.map((r) => r.statusCode).sort()).toEqual([201, 400, 400, 400, 400]);
  });

  it('ignores is_admin in the body', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/auth/register',
      payload: { ...validRegistration('sneaky@example.com'), is_admin: true, id: 'chosen-id' },
    });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({ is_admin: false });
    expect(res.json().user_id).not.toBe('chosen-id');
  });

  it.each([
    ['an invalid email', { email: 'not-an-email' }, ['body', 'email']],
    ['a short password', { password: '12345' }, ['body', 'password']],
    ['a too long password', { password: 'x'.repeat(129) }, ['body', 'password']],
    ['a blank first name', { first_name: '   ' }, ['body', 'first_name']],
    ['a short address', { address: ' abc ' }, ['body', 'address']],
    ['a non-string last name', { last_name: 42 }, ['body', 'last_name']],
    ['a too long first name', { first_name: 'a'.repeat(201) }, ['body', 'first_name']],
  ])('answers 422 in the FastAPI shape for %s', async (_name, override, loc) => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/auth/register',
      payload: { ...validRegistration(`shape-${loc.join('')}@example.com`), ...override },
    });
    expect(res.statusCode).toBe(422);
    const detail = detailOf(res) as { loc: unknown[]; msg: string; type: string }[];
    expect(detail).toHaveLength(1);
    expect(detail[0]).toMatchObject({ loc });
    expect(typeof detail[0]?.msg).toBe('string');
    expect(typeof detail[0]?.type).toBe('string');
  });

  it('answers 422 with loc ["body"] for a missing body and for malformed JSON', async () => {
    const missing = await t.app.inject({ method: 'POST', url: '/api/auth/register' });
    expect(missing.statusCode).toBe(422);
    expect(detailOf(missing)).toEqual([expect.objectContaining({ loc: ['body'] })]);

    const malformed = await t.app.inject({
      method: 'POST',
      url: '/api/auth/register',
      headers: { 'content-type': 'application/json' },
      payload: '{"email": ',
    });
    expect(malformed.statusCode).toBe(422);
    expect(detailOf(malformed)).toEqual([{ loc: ['body'], msg: 'JSON invalide', type: 'json_invalid' }]);
  });
});

describe('POST /api/auth/login', () => {
  it('logs in with any case of the email and gives a new token each time', async () => {
    const user = await registerUser(t.app, { email: 'login@example.com', password: 'pa55word' });
    const first = await t.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { email: 'LOGIN@example.com', password: 'pa55word' },
    });
    const second = await t.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { email: 'login@example.com', password: 'pa55word' },
    });
    expect(first.statusCode).toBe(200);
    expect(first.json()).toMatchObject({ user_id: user.userId, email: 'login@example.com', is_admin: false });
    expect(first.json().token).not.toBe(second.json().token);
    expect(first.json().token).not.toBe(user.token);
  });

  it('logs in with spaces typed around the email', async () => {
    const user = await registerUser(t.app, { email: 'spaced@example.com', password: 'pa55word' });
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { email: '  Spaced@Example.com \t', password: 'pa55word' },
    });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ user_id: user.userId, email: 'spaced@example.com' });
  });

  it('gives the same 401 for a wrong password and for an unknown email', async () => {
    await registerUser(t.app, { email: 'known@example.com', password: 'right-one' });
    const wrong = await t.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { email: 'known@example.com', password: 'wrong-one' },
    });
    const unknown = await t.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { email: 'nobody@example.com', password: 'wrong-one' },
    });
    for (const res of [wrong, unknown]) {
      expect(res.statusCode).toBe(401);
      expect(res.json()).toMatchObject({ detail: 'Identifiants invalides.' });
      expect(res.headers['www-authenticate']).toBe('Bearer');
    }
  });
});

describe('bearer token checks', () => {
  it.each([
    [undefined, 'Token manquant'],
    ['Basic abc', 'Format de token invalide'],
    ['Bearer', 'Format de token invalide'],
    ['Bearer a b', 'Format de token invalide'],
    ['Bearer not-a-real-token', 'Token invalide ou expiré'],
  ])('answers 401 for Authorization %s', async (authorization, detail) => {
    const res = await t.app.inject({ url: '/api/auth/me', headers: authorization ? { authorization } : {} });
    expect(res.statusCode).toBe(401);
    expect(res.json()).toMatchObject({ detail });
    expect(res.headers['www-authenticate']).toBe('Bearer');
  });

  it('accepts the scheme in any case', async () => {
    const { token } = await registerUser(t.app);
    const res = await t.app.inject({ url: '/api/auth/me', headers: { authorization: `bEaReR ${token}` } });
    expect(res.statusCode).toBe(200);
  });

  it('checks the token before validating the body', async () => {
    const res = await t.app.inject({ method: 'PUT', url: '/api/auth/me', payload: { first_name: null } });
    expect(res.statusCode).toBe(401);
    expect(res.json()).toMatchObject({ detail: 'Token manquant' });
  });

  it('expires a token after SESSION_TTL_SECONDS', async () => {
    const { token } = await registerUser(t.app);
    t.clock.advance(86_399_000);
    expect((await t.app.inject({ url: '/api/auth/me', headers: bearer(token) })).statusCode).toBe(200);
    t.clock.advance(1_000);
    const expired = await t.app.inject({ url: '/api/auth/me', headers: bearer(token) });
    expect(expired.statusCode).toBe(401);
    expect(expired.json()).toMatchObject({ detail: 'Token invalide ou expiré' });
  });

  it('stores sessions by token hash, not the token itself', async () => {
    const { token } = await registerUser(t.app);
    expect(await t.ctx.repos.sessions.findWithRole(token)).toBeNull();
    expect(await t.ctx.repos.sessions.findWithRole(hashToken(token))).not.toBeNull();
    expect(Buffer.from(token, 'base64url').length).toBeGreaterThanOrEqual(16);
  });
});

describe('logout', () => {
  it.each(['/api/auth/logout', '/api/auth/logout-v2'])('%s revokes only the presented token', async (url) => {
    const { email } = await registerUser(t.app, { password: 'secret123' });
    const login = await t.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { email, password: 'secret123' },
    });
    const kept = login.json().token as string;
    const other = await t.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { email, password: 'secret123' },
    });
    const revoked = other.json().token as string;

    const res = await t.app.inject({ method: 'POST', url, headers: bearer(revoked) });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ message: 'Déconnexion réussie' });

    const after = await t.app.inject({ url: '/api/auth/me', headers: bearer(revoked) });
    expect(after.statusCode).toBe(401);
    expect(after.json()).toMatchObject({ detail: 'Token invalide ou expiré' });
    expect((await t.app.inject({ url: '/api/auth/me', headers: bearer(kept) })).statusCode).toBe(200);
  });

  it('accepts an empty JSON body', async () => {
    const { token } = await registerUser(t.app);
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/auth/logout',
      headers: { ...bearer(token), 'content-type': 'application/json' },
      payload: '',
    });
    expect(res.statusCode).toBe(200);
  });
});

describe('profile', () => {
  it.each(['/api/auth/me', '/api/auth/profile'])(
    'GET %s returns the profile without secrets',
    async (url) => {
      const user = await registerUser(t.app, {
        first_name: 'Paul',
        last_name: 'Martin',
        address: '9 rue Haute, Lille',
      });
      const res = await t.app.inject({ url, headers: bearer(user.token) });
      expect(res.statusCode).toBe(200);
      expect(res.json()).toEqual({
        id: user.userId,
        email: user.email,
        first_name: 'Paul',
        last_name: 'Martin',
        address: '9 rue Haute, Lille',
        is_admin: false,
        email_verified: false,
      });
    },
  );

  it.each(['/api/auth/me', '/api/auth/profile'])(
    'PUT %s updates only the given fields, trimmed',
    async (url) => {
      const user = await registerUser(t.app, { first_name: 'Paul', address: '9 rue Haute, Lille' });
      const res = await t.app.inject({
        method: 'PUT',
        url,
        headers: bearer(user.token),
        payload: { address: '  10 rue Basse, Lille ' },
      });
      expect(res.statusCode).toBe(200);
      expect(res.json()).toMatchObject({ first_name: 'Paul', address: '10 rue Basse, Lille' });
    },
  );

  it.each([
    ['null', { first_name: null, address: '11 rue Neuve, Lille' }],
    ['a blank value', { last_name: '  ', address: '11 rue Neuve, Lille' }],
    ['a short address', { address: 'abcd' }],
  ] as [string, Record<string, unknown>][])(
    'refuses %s with 422 and leaves the profile untouched',
    async (_name, payload) => {
      const user = await registerUser(t.app, {
        first_name: 'Paul',
        last_name: 'Martin',
        address: '9 rue Haute, Lille',
      });
      const res = await t.app.inject({
        method: 'PUT',
        url: '/api/auth/me',
        headers: bearer(user.token),
        payload,
      });
      expect(res.statusCode).toBe(422);
      const me = await t.app.inject({ url: '/api/auth/me', headers: bearer(user.token) });
      expect(me.json()).toMatchObject({
        first_name: 'Paul',
        last_name: 'Martin',
        address: '9 rue Haute, Lille',
      });
    },
  );

  it('ignores is_admin, email and id in a profile update', async () => {
    const user = await registerUser(t.app);
    const res = await t.app.inject({
      method: 'PUT',
      url: '/api/auth/me',
      headers: bearer(user.token),
      payload: { is_admin: true, email: 'hijack@example.com', id: 'other', first_name: 'Zoé' },
    });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({
      id: user.userId,
      email: user.email,
      is_admin: false,
      first_name: 'Zoé',
    });
  });

  it('answers 404 when the account behind a valid session is gone', async () => {
    const user = await registerUser(t.app);
    const stored = await t.ctx.repos.users.findById(user.userId);
    expect(stored).not.toBeNull();
    // Simulate an account removed while a session is alive: the session no longer authenticates.
    const res = await t.ctx.services.auth
      .getProfile('no-such-user')
      .catch((err: { detail: string }) => err.detail);
    expect(res).toBe('Utilisateur introuvable');
  });
});

describe('names with nothing visible (issue 12)', () => {
  const invisible = ['\u200b', '\u200b\u200c\u200d', '\u2060\ufeff', '\u00a0\u3000\u200b', '\u202e \u2028'];
  const register = (first_name: string, last_name = 'Test') =>
    t.app.inject({
      method: 'POST',
      url: '/api/auth/register',
      payload: {
        email: `${uid('inv')}@example.com`,
        password: 'secret123',
        first_name,
        last_name,
        address: '1 rue du Test, Paris',
      },
    });
  const DETAIL = 'Le prénom et le nom doivent contenir un caractère visible.';

  it.each(invisible.map((name) => [JSON.stringify(name), name]))(
    'refuses %s as a first or last name with 422 and creates no account',
    async (_shown, name) => {
      const before = await t.ctx.repos.users.count();
      for (const res of [await register(name), await register('Jeanne', name)]) {
        expect(res.statusCode).toBe(422);
        expect(res.json()).toMatchObject({
          detail: [{ loc: ['body'], msg: DETAIL, type: 'value_error' }],
          code: 'NAME_NOT_VISIBLE',
        });
      }
      expect(await t.ctx.repos.users.count()).toBe(before);
    },
  );

  it('refuses it in a profile update and leaves the profile untouched; visible names with format characters pass', async () => {
    const user = await registerUser(t.app, { first_name: 'Léa' });
    const res = await t.app.inject({
      method: 'PUT',
      url: '/api/auth/me',
      headers: bearer(user.token),
      payload: { first_name: '\u200b\u200b' },
    });
    expect(res.statusCode).toBe(422);
    expect(res.json()).toMatchObject({ detail: [{ msg: DETAIL }], code: 'NAME_NOT_VISIBLE' });
    expect((await t.ctx.repos.users.findById(user.userId))?.firstName).toBe('Léa');
    expect((await register('Zoé\u200d', 'Ab\u00adc')).statusCode).toBe(201);
  });
});
