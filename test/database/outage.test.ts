import { connect, createServer, type Server, type Socket } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app.js';
import { ScryptPasswordHasher } from '../../src/auth/password-hasher.js';
import { createAppContext } from '../../src/context.js';
import { connectPostgres } from '../../src/stores/connect-postgres.js';
import { createSchema, dropSchema, pgStoreOptions, TEST_DATABASE_URL } from '../helpers/postgres.js';
import { registerUser } from '../helpers/test-app.js';
import { testConfig } from '../helpers/test-config.js';

if (!TEST_DATABASE_URL)
  console.warn('database outage: skipped, DATABASE_URL is not set (npm run test:pg runs it)');

/** A TCP relay between the app and PostgreSQL that the test can cut and restore. */
class Relay {
  private server: Server | null = null;
  private readonly sockets = new Set<Socket>();
  port = 0;

  constructor(private readonly target: { host: string; port: number }) {}

  async up(): Promise<void> {
    const server = createServer((client) => {
      const upstream = connect(this.target.port, this.target.host);
      for (const socket of [client, upstream]) {
        this.sockets.add(socket);
        socket.on('close', () => this.sockets.delete(socket));
        socket.on('error', () => socket.destroy());
      }
      client.pipe(upstream).pipe(client);
    });
    await new Promise<void>((resolve) => server.listen(this.port, '127.0.0.1', resolve));
    const address = server.address();
    if (address && typeof address !== 'string') this.port = address.port;
    this.server = server;
  }

  async down(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
    this.server = null;
  }
}

describe.skipIf(!TEST_DATABASE_URL)('PostgreSQL going away while the server runs', () => {
  const url = new URL(TEST_DATABASE_URL ?? 'postgres://x@localhost/x');
  const relay = new Relay({ host: url.hostname, port: Number(url.port || 5432) });
  let schema: string;
  let app: FastifyInstance;

  beforeAll(async () => {
    schema = await createSchema(url.toString());
    await relay.up();
    const viaRelay = new URL(url.toString());
    viaRelay.host = `127.0.0.1:${relay.port}`;
    const config = testConfig();
    const stores = await connectPostgres(viaRelay.toString(), pgStoreOptions(schema));
    app = await buildApp(createAppContext(config, stores, { hasher: new ScryptPasswordHasher(2 ** 10) }));
    await app.ready();
  });
  afterAll(async () => {
    await app.close();
    await relay.down();
    await dropSchema(url.toString(), schema);
  });

  it('answers 503 Service indisponible and /ready 503 while it is down, and recovers by itself', async () => {
    const user = await registerUser(app);
    expect((await app.inject({ url: '/ready' })).statusCode).toBe(200);

    await relay.down();
    // Nothing was read from the catalogue before, so no cached page can answer for the database.
    expect((await app.inject({ url: '/ready' })).statusCode).toBe(503);
    const during = await app.inject({ url: '/api/catalog/products' });
    expect(during.statusCode).toBe(503);
    expect(during.json()).toMatchObject({ detail: 'Service indisponible' });
    const login = await app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { email: user.email, password: 'secret123' },
    });
    expect(login.statusCode).toBe(503);

    await relay.up();
    expect((await app.inject({ url: '/ready' })).statusCode).toBe(200);
    expect((await app.inject({ url: '/api/catalog/products' })).statusCode).toBe(200);
    expect(
      (await app.inject({ url: '/api/auth/me', headers: { authorization: `Bearer ${user.token}` } }))
        .statusCode,
    ).toBe(200);
  });
});
