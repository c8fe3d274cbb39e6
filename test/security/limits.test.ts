import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer, buildTestApp, registerUser, type TestApp } from '../helpers/test-app.js';
import { uid } from '../helpers/uid.js';

let t: TestApp;
beforeAll(async () => {
  t = await buildTestApp({ seed: true });
});
afterAll(() => t.app.close());

describe('limits and headers', () => {
  it('refuses a JSON body over 1 MiB with 413 and a detail', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      headers: { 'content-type': 'application/json' },
      payload: JSON.stringify({ email: 'a@b.c', password: 'x'.repeat(1024 * 1024) }),
    });
    expect(res.statusCode).toBe(413);
    expect(res.json()).toMatchObject({ detail: 'Corps de requête trop volumineux' });
  });

  it('sends helmet’s headers and no X-Powered-By', async () => {
    const res = await t.app.inject({ url: '/api/catalog/products' });
    expect(res.headers['x-powered-by']).toBeUndefined();
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['x-frame-options']).toBe('DENY');
    expect(res.headers['content-security-policy']).toBe("default-src 'none';frame-ancestors 'none'");
    expect(res.headers['cross-origin-resource-policy']).toBeUndefined();
    expect(res.headers['strict-transport-security']).toBeDefined();
  });

  it('gives /docs a content security policy that allows exactly what Swagger UI loads', async () => {
    const page = await t.app.inject({ url: '/docs' });
    const csp = String(page.headers['content-security-policy']);
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("script-src 'self'");
    expect(page.headers['x-frame-options']).toBe('SAMEORIGIN');
    expect(csp).not.toContain('upgrade-insecure-requests');
    // Every script of the page is same-origin (no inline script that the policy would block) and is served.
    const scripts = [...page.body.matchAll(/<script([^>]*)>([\s\S]*?)<\/script>/g)];
    expect(scripts.length).toBeGreaterThan(0);
    for (const [, attributes, inline] of scripts) {
      expect(inline?.trim()).toBe('');
      const src = /src="([^"]+)"/.exec(attributes ?? '')?.[1] ?? '';
      expect(src.startsWith('/docs/')).toBe(true);
      expect((await t.app.inject({ url: src })).statusCode).toBe(200);
    }
  });

  it('never returns a password hash', async () => {
    const user = await registerUser(t.app);
    const bodies = await Promise.all(
      ['/api/auth/me', '/api/orders', '/api/support/threads'].map(
        async (url) => (await t.app.inject({ url, headers: bearer(user.token) })).body,
      ),
    );
    for (const body of bodies) {
      expect(body).not.toMatch(/scrypt\$/);
      expect(body).not.toMatch(/password/i);
    }
  });
});

describe('U+0000 in any text', () => {
  it.each([
    ['the body', 'POST', '/api/auth/login', { email: 'a\u0000@b.c', password: 'x' }, ['body', 'email']],
    ['the query', 'GET', '/api/catalog/products?q=%00', undefined, ['query', 'q']],
    ['the path', 'GET', '/api/catalog/products/%00', undefined, ['path', 'id']],
  ] as const)('is refused in %s with 422, whatever the store', async (_name, method, url, payload, loc) => {
    const res = await t.app.inject({ method, url, ...(payload && { payload }) });
    expect(res.statusCode).toBe(422);
    expect(res.json().detail[0].loc).toEqual(loc);
  });
});

describe('deeply nested JSON (issue 12)', () => {
  /** A register body, valid but for an `x` key (ignored by the schema) nested `depth` levels in all. */
  const registerBody = (depth: number, leaf = '0'): string => {
    const arrays = depth - 1; // the body object itself is the first level
    return (
      `{"email":"${uid(`deep${depth}`)}@example.com","password":"secret123","first_name":"A",` +
      `"last_name":"B","address":"1 rue X, Paris","x":${'['.repeat(arrays)}${leaf}${']'.repeat(arrays)}}`
    );
  };
  const post = (payload: string) =>
    t.app.inject({
      method: 'POST',
      url: '/api/auth/register',
      headers: { 'content-type': 'application/json' },
      payload,
    });
  const TOO_DEEP = [{ loc: ['body'], msg: 'JSON trop imbriqué (64 niveaux au plus)', type: 'json_too_deep' }];

  it('refuses {"x":[[[…]]]} 20,000 deep on a public route with 422 and a French detail, never 500', async () => {
    const res = await post(`{"x":${'['.repeat(20_000)}${']'.repeat(20_000)}}`);
    expect(res.statusCode).toBe(422);
    expect(res.json()).toMatchObject({ detail: TOO_DEEP, code: 'JSON_TOO_DEEP' });
  });

  it('refuses an unclosed 200,000-deep body the same way (the scan stops at the limit)', async () => {
    const res = await post('['.repeat(200_000));
    expect(res.statusCode).toBe(422);
    expect(res.json()).toMatchObject({ detail: TOO_DEEP });
  });

  it('still parses 64 levels, and refuses 65', async () => {
    expect((await post(registerBody(64))).statusCode).toBe(201);
    const res = await post(registerBody(65));
    expect(res.statusCode).toBe(422);
    expect(res.json()).toMatchObject({ detail: TOO_DEEP });
  });

  it('does not count brackets inside strings, escaped quotes included', async () => {
    const res = await post(registerBody(3, JSON.stringify(`\\"${'[{'.repeat(500)}`)));
    expect(res.statusCode).toBe(201);
  });

  it('finds U+0000 at the bottom of a 64-level body (the NUL check walks it without recursion)', async () => {
    const res = await post(registerBody(64, '"a\\u0000"'));
    expect(res.statusCode).toBe(422);
    expect(res.json().detail[0].loc).toEqual(['body', 'x', ...Array(63).fill(0)]);
  });
});
