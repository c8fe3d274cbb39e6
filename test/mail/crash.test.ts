import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../../scripts/free-port.js';
import { createSchema, databaseUrlWithSchema, dropSchema, TEST_DATABASE_URL } from '../helpers/postgres.js';
import { SELLER_ENV } from '../helpers/seller-env.js';
import { type ServerProcess, startServer, waitForListening } from '../helpers/server-process.js';
import { SmtpSink } from '../helpers/smtp-sink.js';

if (!TEST_DATABASE_URL) console.warn('mail after a crash: skipped, DATABASE_URL is not set');

/**
 * A real instance SIGKILLed right after a checkout committed, before its worker's next poll:
 * the confirmation is in the outbox with the order, and another instance delivers it, once.
 */
describe.skipIf(!TEST_DATABASE_URL)('an instance killed right after a checkout', () => {
  const url = TEST_DATABASE_URL ?? '';
  const sink = new SmtpSink();
  let schema: string;
  const servers: ServerProcess[] = [];

  const start = async (env: Record<string, string>) => {
    const port = await freePort();
    const server = startServer({
      DATABASE_URL: databaseUrlWithSchema(url, schema),
      HOST: '127.0.0.1',
      PORT: String(port),
      LOG_LEVEL: 'warn',
      SEED_DEMO: 'true',
      SMTP_URL: sink.url,
      // The second instance starts with SEED_DEMO=false: it needs the seller printed on invoices.
      ...SELLER_ENV,
      ...env,
    });
    servers.push(server);
    await waitForListening(server);
    return `http://127.0.0.1:${port}`;
  };
  const call = async <T>(
    base: string,
    path: string,
    init: { method?: string; token?: string; body?: object } = {},
  ) => {
    const res = await fetch(`${base}${path}`, {
      method: init.method ?? 'GET',
      headers: {
        ...(init.body && { 'content-type': 'application/json' }),
        ...(init.token && { authorization: `Bearer ${init.token}` }),
      },
      ...(init.body && { body: JSON.stringify(init.body) }),
    });
    return { status: res.status, body: (await res.json()) as T };
  };

  beforeAll(async () => {
    await sink.start();
    schema = await createSchema(url);
  });
  afterAll(async () => {
    for (const server of servers) if (server.child.exitCode === null) server.child.kill('SIGKILL');
    await sink.stop();
    await dropSchema(url, schema);
  });

  it('the other instance delivers the confirmation exactly once', async () => {
    // A polls once a minute: it is killed long before its worker would look at the outbox.
    const a = await start({ MAIL_POLL_INTERVAL_MS: '60000' });
    const email = `crash-${Date.now()}@example.com`;
    const registered = await call<{ token: string }>(a, '/api/auth/register', {
      method: 'POST',
      body: {
        email,
        password: 'secret123',
        first_name: 'Kim',
        last_name: 'Crash',
        address: '1 rue du Test, Paris',
      },
    });
    const token = registered.body.token;
    const { body: catalog } = await call<{ products: { id: string }[] }>(a, '/api/catalog/products');
    await call(a, '/api/cart/add', {
      method: 'POST',
      token,
      body: { product_id: catalog.products[0]?.id, quantity: 1 },
    });
    const placed = await call<{ id: string }>(a, '/api/orders/checkout', { method: 'POST', token });
    expect(placed.status).toBe(201);
    servers[0]?.child.kill('SIGKILL');
    expect(sink.received.filter((m) => m.to === email)).toEqual([]);

    await start({ MAIL_POLL_INTERVAL_MS: '100', SEED_DEMO: 'false' });
    const short = placed.body.id.slice(0, 8).toUpperCase();
    await sink.waitFor(
      (m) => m.to === email && m.subject.startsWith(`Commande ${short} confirmée`),
      1,
      20_000,
    );
    await new Promise((resolve) => setTimeout(resolve, 500));
    const mine = sink.received.filter((m) => m.to === email);
    expect(mine.map((m) => m.subject.split(' — ')[0]).sort()).toEqual([
      `Commande ${short} confirmée`,
      'Vérifiez votre adresse e-mail',
    ]);
  }, 90_000);
});
