import Fastify from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { installAuthGuard } from '../../src/platform/auth-guard.js';
import { adminToken } from '../helpers/shop.js';
import { bearer, buildTestApp, registerUser, type ServedRoute, type TestApp } from '../helpers/test-app.js';

/**
 * The routes come from the running app itself (its onRoute hook), not from a list kept
 * by hand: a route added later without a guard is caught here.
 */
let t: TestApp;
let customer: string;
let admin: string;
beforeAll(async () => {
  t = await buildTestApp();
  customer = (await registerUser(t.app)).token;
  admin = await adminToken(t);
});
afterAll(() => t.app.close());

const PUBLIC_API_ROUTES = new Set([
  'POST /api/auth/register',
  'POST /api/auth/login',
  // issue 26: the links of the mails work without a session
  'POST /api/auth/password/forgot',
  'POST /api/auth/password/reset',
  'POST /api/auth/email/verify',
  'GET /api/catalog/products',
  'GET /api/catalog/products/:id',
  'GET /api/catalog/categories',
  'GET /api/uploads/:name',
  'GET /api/shipping/methods',
]);

const apiRoutes = () =>
  t.routes.filter((r) => r.url.startsWith('/api/') && r.method !== 'HEAD' && r.method !== 'OPTIONS');
const concreteUrl = (route: ServedRoute) =>
  route.url.replace(/:(\w+)/g, '00000000-0000-4000-8000-000000000000');
const key = (route: ServedRoute) => `${route.method} ${route.url}`;

describe('route guard matrix', () => {
  it('finds the whole API', () => {
    expect(apiRoutes().length).toBeGreaterThanOrEqual(40);
  });

  it('declares the public routes, and only them, as public', () => {
    const declaredPublic = apiRoutes()
      .filter((r) => r.access === 'public')
      .map(key);
    expect(new Set(declaredPublic)).toEqual(PUBLIC_API_ROUTES);
  });

  it('answers 401 to anonymous callers on every non-public route, before reading the body', async () => {
    for (const route of apiRoutes().filter((r) => r.access !== 'public')) {
      const res = await t.app.inject({
        method: route.method as 'GET',
        url: concreteUrl(route),
        ...(route.method === 'GET' || route.method === 'DELETE' ? {} : { payload: { junk: true } }),
      });
      expect(res.statusCode, key(route)).toBe(401);
      expect(res.json(), key(route)).toMatchObject({ detail: 'Token manquant' });
    }
  });

  it('answers 403 to a customer on every admin route, and every /api/admin route is an admin route', async () => {
    const adminRoutes = apiRoutes().filter((r) => r.url.startsWith('/api/admin'));
    expect(adminRoutes.every((r) => r.access === 'admin')).toBe(true);
    for (const route of adminRoutes) {
      const res = await t.app.inject({
        method: route.method as 'GET',
        url: concreteUrl(route),
        headers: bearer(customer),
        payload: {},
      });
      expect(res.statusCode, key(route)).toBe(403);
      expect(res.json(), key(route)).toMatchObject({ detail: 'Droits administrateur requis' });
    }
  });

  it('lets an admin through the guard on every admin route (never 401 or 403)', async () => {
    for (const route of apiRoutes().filter((r) => r.access === 'admin')) {
      const res = await t.app.inject({
        method: route.method as 'GET',
        url: concreteUrl(route),
        headers: bearer(admin),
        payload: {},
      });
      expect([401, 403], key(route)).not.toContain(res.statusCode);
    }
  });

  it('refuses to start with an /api route that does not declare its access', async () => {
    const bare = Fastify();
    installAuthGuard(bare, t.ctx.services.auth);
    expect(() => bare.get('/api/forgotten', async () => ({ secret: true }))).toThrow(
      'must declare config.access',
    );
    await bare.close();
  });
});
