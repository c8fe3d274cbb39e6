import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer, buildTestApp, registerUser, type TestApp } from '../helpers/test-app.js';

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
