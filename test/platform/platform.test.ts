import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../helpers/test-app.js';

let t: TestApp;
beforeAll(async () => {
  t = await buildTestApp();
});
afterAll(() => t.app.close());

describe('platform routes', () => {
  it('GET / describes the API', async () => {
    const res = await t.app.inject({ url: '/' });
    expect(res.json()).toEqual({ message: 'API E-Commerce', version: expect.any(String), docs: '/docs' });
  });

  it('GET /health answers healthy', async () => {
    expect((await t.app.inject({ url: '/health' })).json()).toEqual({ status: 'healthy' });
  });

  it('GET /ready answers 200 while the stores answer, 503 when they do not', async () => {
    expect((await t.app.inject({ url: '/ready' })).json()).toEqual({ status: 'ready' });
    const original = t.ctx.isReady;
    try {
      t.ctx.isReady = async () => false;
      expect((await t.app.inject({ url: '/ready' })).statusCode).toBe(503);
      t.ctx.isReady = async () => {
        throw new Error('store down');
      };
      expect((await t.app.inject({ url: '/ready' })).statusCode).toBe(503);
    } finally {
      t.ctx.isReady = original;
    }
  });

  it('answers an unknown route with a French 404', async () => {
    const res = await t.app.inject({ url: '/api/nothing-here' });
    expect(res.statusCode).toBe(404);
    expect(res.json()).toMatchObject({ detail: 'Ressource introuvable', code: 'NOT_FOUND' });
  });

  it('answers with or without a trailing slash, without redirect', async () => {
    for (const url of ['/health', '/health/', '/api/catalog/products', '/api/catalog/products/']) {
      expect((await t.app.inject({ url })).statusCode).toBe(200);
    }
  });

  it('serves Swagger UI at /docs', async () => {
    const res = await t.app.inject({ url: '/docs' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('text/html');
  });
});

describe('GET /openapi.json', () => {
  it('lists every API route with a summary and a contract tag, and bearer auth where needed', async () => {
    const doc = (await t.app.inject({ url: '/openapi.json' })).json();
    expect(doc.components.securitySchemes.bearerAuth).toMatchObject({ type: 'http', scheme: 'bearer' });
    const contractTags = [
      'Authentification',
      'Catalogue',
      'Panier',
      'Commandes',
      'Support Client',
      'Administration',
      'Livraison', // issue 25: the public shipping methods
    ];

    const documented = new Set<string>();
    for (const [path, operations] of Object.entries<
      Record<string, { tags?: string[]; summary?: string; security?: unknown }>
    >(doc.paths)) {
      for (const [method, op] of Object.entries(operations)) {
        documented.add(`${method.toUpperCase()} ${path}`);
        expect(op.summary, `${method} ${path}`).toBeTruthy();
        if (path.startsWith('/api/')) expect(contractTags).toContain(op.tags?.[0]);
      }
    }
    // Every route the app actually serves under /api appears in the document.
    const served = t.routes.filter((r) => r.url.startsWith('/api/') && r.method !== 'HEAD');
    expect(served.length).toBeGreaterThanOrEqual(10);
    for (const { method, url } of served) {
      expect(documented).toContain(`${method} ${url.replace(/:(\w+)/g, '{$1}')}`);
    }
    expect(doc.paths['/api/auth/me'].get.security).toEqual([{ bearerAuth: [] }]);
    expect(doc.paths['/api/auth/login'].post.security).toEqual([]);
  });
});

describe('CORS', () => {
  it('allows a preflight from the SPA origin with credentials and the contract headers', async () => {
    const res = await t.app.inject({
      method: 'OPTIONS',
      url: '/api/cart',
      headers: {
        origin: 'http://localhost:5173',
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'authorization,content-type,idempotency-key',
      },
    });
    expect(res.statusCode).toBe(204);
    expect(res.headers['access-control-allow-origin']).toBe('http://localhost:5173');
    expect(res.headers['access-control-allow-credentials']).toBe('true');
    expect(String(res.headers['access-control-allow-headers']).toLowerCase()).toContain('idempotency-key');
  });

  it('does not allow another origin', async () => {
    const res = await t.app.inject({
      method: 'OPTIONS',
      url: '/api/cart',
      headers: { origin: 'http://evil.example', 'access-control-request-method': 'POST' },
    });
    expect(res.headers['access-control-allow-origin']).toBeUndefined();
  });
});
