import { once } from 'node:events';
import { mkdtempSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../../scripts/free-port.js';
import { createSchema, databaseUrlWithSchema, dropSchema, TEST_DATABASE_URL } from '../helpers/postgres.js';
import { type ServerProcess, startServer, waitForListening } from '../helpers/server-process.js';

describe('the real server over HTTP', () => {
  let server: ServerProcess;
  let base: string;
  let schema: string | undefined;

  beforeAll(async () => {
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    // With DATABASE_URL (the suite's PostgreSQL pass), the server gets an empty schema of its own.
    schema = TEST_DATABASE_URL ? await createSchema(TEST_DATABASE_URL) : undefined;
    const database = TEST_DATABASE_URL && schema ? databaseUrlWithSchema(TEST_DATABASE_URL, schema) : '';
    server = startServer({
      PORT: String(port),
      HOST: '127.0.0.1',
      SEED_DEMO: 'true',
      LOG_LEVEL: 'info',
      DATABASE_URL: database,
      // Seeding writes the demo pictures: into a folder of this test's own.
      UPLOAD_DIR: join(mkdtempSync(join(tmpdir(), 'e2e-')), 'uploads'),
    });
    await waitForListening(server);
  }, 60_000);

  afterAll(async () => {
    if (server.child.exitCode === null) server.child.kill('SIGKILL');
    if (TEST_DATABASE_URL && schema) await dropSchema(TEST_DATABASE_URL, schema);
  });

  it('serves the demo catalogue and logins, and logs no secret', async () => {
    const products = await fetch(`${base}/api/catalog/products`).then((r) => r.json());
    expect(products.products).toHaveLength(14);

    const login = await fetch(`${base}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'admin@example.com', password: 'admin123' }),
    });
    expect(login.status).toBe(200);
    const { token, is_admin } = await login.json();
    expect(is_admin).toBe(true);

    const me = await fetch(`${base}/api/auth/me`, { headers: { authorization: `Bearer ${token}` } });
    expect(me.status).toBe(200);
    expect((await me.json()).email).toBe('admin@example.com');

    const register = await fetch(`${base}/api/auth/register`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        email: 'e2e@example.com',
        password: 'Very-Secret-Pa55',
        first_name: 'E',
        last_name: 'Deux',
        address: '2 rue du Test, Paris',
      }),
    });
    expect(register.status).toBe(201);
    const registeredToken = (await register.json()).token;
    expect(
      (await fetch(`${base}/api/cart`, { headers: { authorization: `Bearer ${registeredToken}` } })).status,
    ).toBe(200);

    const logs = server.output();
    expect(logs).toContain('"reqId"');
    for (const secret of [token, registeredToken, 'admin123', 'Very-Secret-Pa55'])
      expect(logs).not.toContain(secret);
  });

  it('takes a client that hangs up mid-body for an abort, not an outage', async () => {
    const before = server.output().length;
    const socket = connect(Number(new URL(base).port), '127.0.0.1');
    await once(socket, 'connect');
    socket.write(
      'POST /api/auth/login HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 500\r\n\r\n{"email":',
    );
    await new Promise((resolve) => setTimeout(resolve, 100));
    socket.destroy();
    await new Promise((resolve) => setTimeout(resolve, 300));
    const logged = server.output().slice(before);
    expect(logged).toContain('client closed the request before its end');
    expect(logged).not.toContain('"level":50');
    expect(logged).not.toContain('Service indisponible');
    expect((await fetch(`${base}/health`)).status).toBe(200);
  });

  it('shuts down gracefully on SIGTERM with exit code 0', async () => {
    server.child.kill('SIGTERM');
    const [code] = await once(server.child, 'exit');
    expect(code).toBe(0);
    await expect(fetch(`${base}/health`)).rejects.toThrow();
  });
});

describe('start-up with a bad configuration', () => {
  it('exits non-zero and names the bad variable', async () => {
    const { child, output } = startServer({ PORT: 'not-a-port', DATABASE_URL: '' });
    const [code] = await once(child, 'exit');
    expect(code).not.toBe(0);
    expect(output()).toContain('PORT');
  });
});

describe('start-up with a database that cannot be reached', () => {
  it('exits non-zero with a message naming the database host', async () => {
    const port = await freePort();
    const { child, output } = startServer({
      PORT: String(port),
      DATABASE_URL: `postgres://nobody:x@127.0.0.1:${port}/shop`,
    });
    const [code] = await once(child, 'exit');
    expect(code).not.toBe(0);
    expect(output()).toContain(`PostgreSQL at 127.0.0.1:${port} is not available`);
  });
});
