import { request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer, buildTestApp, registerUser, type TestApp } from '../helpers/test-app.js';

let t: TestApp;
beforeAll(async () => {
  t = await buildTestApp();
});
afterAll(() => t.app.close());

/** English words zod or Fastify would have used. */
const ENGLISH = /\b(Invalid|expected|received|Too (big|small)|Required|Not Found|is not a valid)\b/;

describe('every message in French', () => {
  it('explains validation errors in French, beside the contract’s own messages', async () => {
    const { token } = await registerUser(t.app);
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/orders/pay',
      headers: bearer(token),
      payload: { order_id: 'x', card_number: '12', exp_month: 13, exp_year: 'a', cvc: 1 },
    });
    expect(res.statusCode).toBe(422);
    const detail = res.json<{ detail: { loc: unknown[]; msg: string }[] }>().detail;
    expect(detail.map((d) => d.loc)).toEqual([
      ['body', 'card_number'],
      ['body', 'exp_month'],
      ['body', 'exp_year'],
      ['body', 'cvc'],
    ]);
    expect(detail[0]?.msg).toBe('Le numéro de carte doit contenir 16 chiffres');
    expect(detail[1]?.msg).toMatch(/^Trop grand/);
    for (const { msg } of detail) expect(msg).not.toMatch(ENGLISH);
  });

  it.each([
    ['an unknown route', '/api/nothing-here', 404, 'Ressource introuvable'],
    ['a route asked with another method', '/api/auth/login', 404, 'Ressource introuvable'],
    ['a missing image', '/api/uploads/00000000-0000-4000-8000-000000000000.png', 404, 'Image introuvable'],
    ['a malformed URL', '/api/catalog/products/%zz', 400, 'URL invalide'],
  ])('answers %s in French', async (_what, url, status, detail) => {
    const res = await t.app.inject({ url });
    expect(res.statusCode).toBe(status);
    expect(res.json()).toMatchObject({ detail });
  });

  it('refuses a body too large and a content type it cannot read, in French', async () => {
    const { token } = await registerUser(t.app);
    const large = await t.app.inject({
      method: 'POST',
      url: '/api/cart/add',
      headers: { ...bearer(token), 'content-type': 'application/json' },
      payload: JSON.stringify({ product_id: 'x'.repeat(2 * 1024 * 1024) }),
    });
    expect(large.statusCode).toBe(413);
    expect(large.json()).toMatchObject({ detail: 'Corps de requête trop volumineux' });
    const xml = await t.app.inject({
      method: 'POST',
      url: '/api/cart/add',
      headers: { ...bearer(token), 'content-type': 'application/xml' },
      payload: '<cart/>',
    });
    expect(xml.statusCode).toBe(415);
    expect(xml.json()).toMatchObject({ detail: 'Type de contenu non supporté' });
  });

  it('answers oversized headers with 431 in French, before any route runs', async () => {
    const app = (await buildTestApp()).app;
    await app.listen({ port: 0, host: '127.0.0.1' });
    try {
      const { port } = app.server.address() as AddressInfo;
      const answer = await new Promise<{ status: number; body: string }>((resolve, reject) => {
        const req = request({
          port,
          host: '127.0.0.1',
          path: '/health',
          headers: { 'x-big': 'a'.repeat(20_000) },
        });
        req.on('response', (res) => {
          let body = '';
          res.on('data', (chunk) => {
            body += chunk;
          });
          res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
        });
        req.on('error', reject);
        req.end();
      });
      expect(answer.status).toBe(431);
      expect(JSON.parse(answer.body)).toMatchObject({ detail: 'En-têtes de requête trop volumineux' });
    } finally {
      await app.close();
    }
  });
});
