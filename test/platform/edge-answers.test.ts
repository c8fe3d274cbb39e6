import type { AddressInfo } from 'node:net';
import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../helpers/test-app.js';

/**
 * Issue 12, "edge answers outside the contract": over a real socket, so that what Node's
 * HTTP parser refuses before Fastify (an over-long URL or header, a malformed request line)
 * is seen as a client sees it. Every answer is a 4xx with `{detail, code}` in French.
 */
let t: TestApp;
let port: number;
beforeAll(async () => {
  t = await buildTestApp();
  await t.app.listen({ port: 0, host: '127.0.0.1' });
  port = (t.app.server.address() as AddressInfo).port;
});
afterAll(() => t.app.close());

/** Sends raw bytes, reads until the server closes; returns the status and the JSON body. */
function send(raw: string): Promise<{ status: number; body: unknown }> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    let answer = '';
    socket.setEncoding('utf8');
    socket.on('data', (chunk) => {
      answer += chunk;
    });
    socket.on('error', reject);
    socket.on('close', () => {
      const status = Number(/^HTTP\/1\.1 (\d{3})/.exec(answer)?.[1]);
      const text = answer.slice(answer.indexOf('\r\n\r\n') + 4);
      resolve({ status, body: JSON.parse(text) });
    });
    socket.write(raw);
  });
}

const get = (path: string, headers = '') =>
  send(`GET ${path} HTTP/1.1\r\nHost: localhost\r\n${headers}Connection: close\r\n\r\n`);

describe('answers at the edge of the contract, over a socket', () => {
  it('answers an over-long URL with 431 in French, with its code', async () => {
    const res = await get(`/api/catalog/products?q=${'a'.repeat(20_000)}`);
    expect(res.status).toBe(431);
    expect(res.body).toEqual({ detail: 'En-têtes de requête trop volumineux', code: 'HEADERS_TOO_LARGE' });
  });

  it('answers an over-long header with 431 in French, with its code', async () => {
    const res = await get('/health', `X-Big: ${'a'.repeat(20_000)}\r\n`);
    expect(res.status).toBe(431);
    expect(res.body).toEqual({ detail: 'En-têtes de requête trop volumineux', code: 'HEADERS_TOO_LARGE' });
  });

  it('answers a malformed request line with 400 in French', async () => {
    const res = await send('FOO / HTTP/1.1\r\nHost: localhost\r\n\r\n');
    expect(res.status).toBe(400);
    expect(res.body).toEqual({ detail: 'Requête HTTP mal formée', code: 'MALFORMED_REQUEST' });
  });

  it('answers a path parameter over 100 characters with 414', async () => {
    const res = await get(`/api/catalog/products/${'a'.repeat(500)}`);
    expect(res.status).toBe(414);
    expect(res.body).toMatchObject({ detail: 'URL trop longue', code: 'URL_TOO_LONG' });
  });

  it('answers a body in a type the route does not read with 415', async () => {
    const res = await send(
      'POST /api/auth/login HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/xml\r\n' +
        'Content-Length: 4\r\nConnection: close\r\n\r\n<a/>',
    );
    expect(res.status).toBe(415);
    expect(res.body).toMatchObject({
      detail: 'Type de contenu non supporté',
      code: 'UNSUPPORTED_MEDIA_TYPE',
    });
  });

  it.each([
    ['a method the route does not serve', 'PATCH /api/cart'],
    ['another one', 'DELETE /api/auth/login'],
    ['an unknown route', 'GET /api/nulle-part'],
  ])('answers %s with 404 "Ressource introuvable"', async (_name, line) => {
    const res = await send(`${line} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n`);
    expect(res.status).toBe(404);
    expect(res.body).toMatchObject({ detail: 'Ressource introuvable', code: 'NOT_FOUND' });
  });

  it('answers a malformed URL with 400 "URL invalide"', async () => {
    const res = await get('/api/%zz');
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ detail: 'URL invalide', code: 'URL_INVALID' });
  });
});
