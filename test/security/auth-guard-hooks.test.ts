import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { installAuthGuard } from '../../src/platform/auth-guard.js';
import { toHttpError } from '../../src/platform/error-mapping.js';
import { adminToken } from '../helpers/shop.js';
import { bearer, buildTestApp, registerUser, type TestApp } from '../helpers/test-app.js';

/**
 * The guard on a bare Fastify instance, with routes that bring their own onRequest
 * hooks: the guard must run first and keep theirs.
 */
let t: TestApp;
let bare: FastifyInstance;
let customer: string;
let admin: string;
const ran: string[] = [];

beforeAll(async () => {
  t = await buildTestApp();
  customer = (await registerUser(t.app)).token;
  admin = await adminToken(t);
  bare = Fastify();
  bare.setErrorHandler((err, _request, reply) => {
    const { statusCode, body } = toHttpError(err);
    return reply.status(statusCode).send(body);
  });
  installAuthGuard(bare, t.ctx.services.auth);
  const own = (name: string) => async () => {
    ran.push(name);
  };
  bare.get('/api/user-one', { config: { access: 'user' }, onRequest: own('user-one') }, async () => ({
    ok: 1,
  }));
  bare.get(
    '/api/admin-two',
    { config: { access: 'admin' }, onRequest: [own('admin-a'), own('admin-b')] },
    async () => ({ ok: 2 }),
  );
  bare.get('/api/open', { config: { access: 'public' }, onRequest: own('open') }, async () => ({ ok: 3 }));
  bare.get('/outside', async () => ({ ok: 4 }));
  await bare.ready();
});
afterAll(async () => {
  await bare.close();
  await t.app.close();
});

describe('auth guard with routes that have their own onRequest hooks', () => {
  it('runs the guard before the route’s own hook, which never runs for a refused caller', async () => {
    ran.length = 0;
    expect((await bare.inject({ url: '/api/user-one' })).statusCode).toBe(401);
    expect(ran).toEqual([]);
    const res = await bare.inject({ url: '/api/user-one', headers: bearer(customer) });
    expect(res.statusCode).toBe(200);
    expect(ran).toEqual(['user-one']);
  });

  it('keeps every hook of an admin route, after the admin check', async () => {
    ran.length = 0;
    const refused = await bare.inject({ url: '/api/admin-two', headers: bearer(customer) });
    expect(refused.statusCode).toBe(403);
    expect(ran).toEqual([]);
    expect((await bare.inject({ url: '/api/admin-two', headers: bearer(admin) })).statusCode).toBe(200);
    expect(ran).toEqual(['admin-a', 'admin-b']);
  });

  it('leaves public routes and routes outside /api unguarded', async () => {
    ran.length = 0;
    expect((await bare.inject({ url: '/api/open' })).json()).toEqual({ ok: 3 });
    expect(ran).toEqual(['open']);
    expect((await bare.inject({ url: '/outside' })).json()).toEqual({ ok: 4 });
  });
});
