import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../../scripts/free-port.js';
import { createSchema, databaseUrlWithSchema, dropSchema, TEST_DATABASE_URL } from '../helpers/postgres.js';

if (!TEST_DATABASE_URL)
  console.warn('crash durability: skipped, DATABASE_URL is not set (npm run test:pg runs it)');

async function start(env: Record<string, string>): Promise<{ child: ChildProcess; base: string }> {
  const port = await freePort();
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    env: { ...process.env, ...env, PORT: String(port), LOG_LEVEL: 'warn', SEED_DEMO: 'true' },
    stdio: 'ignore',
  });
  const base = `http://127.0.0.1:${port}`;
  // Up to a minute: tsx compiles at start, and on a loaded two-core CI machine that alone took 11 s.
  for (let i = 0; i < 1_200; i += 1) {
    if (child.exitCode !== null) throw new Error('server exited');
    try {
      if ((await fetch(`${base}/health`)).ok) return { child, base };
    } catch {
      // not up yet
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error('server did not start');
}

const post = (base: string, path: string, body: unknown, token?: string) =>
  fetch(base + path, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token && { authorization: `Bearer ${token}` }) },
    body: JSON.stringify(body),
  });

describe.skipIf(!TEST_DATABASE_URL)('a server killed with SIGKILL in the middle of checkouts', () => {
  let schema: string;
  let databaseUrl: string;
  let server: { child: ChildProcess; base: string } | undefined;

  beforeAll(async () => {
    schema = await createSchema(TEST_DATABASE_URL ?? '');
    databaseUrl = databaseUrlWithSchema(TEST_DATABASE_URL ?? '', schema);
  });
  afterAll(async () => {
    if (server && server.child.exitCode === null) server.child.kill('SIGKILL');
    await dropSchema(TEST_DATABASE_URL ?? '', schema);
  });

  it('keeps every order it answered 201 for, and stock + held units stays what it was', {
    timeout: 180_000,
  }, async () => {
    server = await start({ DATABASE_URL: databaseUrl });
    const { base } = server;
    const admin = (
      await (await post(base, '/api/auth/login', { email: 'admin@example.com', password: 'admin123' })).json()
    ).token as string;
    const created = await fetch(`${base}/api/admin/products`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${admin}` },
      body: JSON.stringify({ name: 'Durable', price_cents: 1000, stock_qty: 30 }),
    });
    const productId = (await created.json()).id as string;

    const buyers: string[] = [];
    for (let i = 0; i < 40; i += 1) {
      const res = await post(base, '/api/auth/register', {
        email: `durable${i}@example.com`,
        password: 'secret123',
        first_name: 'D',
        last_name: 'B',
        address: '1 rue Durable, Paris',
      });
      const token = (await res.json()).token as string;
      await post(base, '/api/cart/add', { product_id: productId, quantity: 1 }, token);
      buyers.push(token);
    }

    // A stream of checkouts; the process is killed once a few have been answered.
    const answered: { token: string; orderId: string }[] = [];
    const child = server.child;
    const stream = buyers.map(async (token, i) => {
      await new Promise((resolve) => setTimeout(resolve, i * 3));
      try {
        const res = await post(base, '/api/orders/checkout', {}, token);
        if (res.status === 201) {
          answered.push({ token, orderId: (await res.json()).id });
          if (answered.length === 8) child.kill('SIGKILL');
        }
      } catch {
        // the server died under this request: no answer, no promise made
      }
    });
    await Promise.all(stream);
    if (child.exitCode === null && child.signalCode === null) await once(child, 'exit');
    expect(answered.length).toBeGreaterThanOrEqual(8);

    server = await start({ DATABASE_URL: databaseUrl });
    for (const { token, orderId } of answered) {
      const res = await fetch(`${server.base}/api/orders/${orderId}`, {
        headers: { authorization: `Bearer ${token}` },
      });
      expect(res.status).toBe(200);
    }
    const freshAdmin = (
      await (
        await post(server.base, '/api/auth/login', { email: 'admin@example.com', password: 'admin123' })
      ).json()
    ).token as string;
    const { orders } = (await (
      await fetch(`${server.base}/api/admin/orders`, { headers: { authorization: `Bearer ${freshAdmin}` } })
    ).json()) as {
      orders: { status: string; items: { product_id: string; quantity: number }[] }[];
    };
    const held = orders
      .filter((o) => o.status !== 'ANNULEE' && o.status !== 'REMBOURSEE')
      .flatMap((o) => o.items)
      .filter((item) => item.product_id === productId)
      .reduce((sum, item) => sum + item.quantity, 0);
    const stock = (await (await fetch(`${server.base}/api/catalog/products/${productId}`)).json())
      .stock_qty as number;
    expect(held).toBeGreaterThanOrEqual(answered.length);
    expect(stock + held).toBe(30);
    server.child.kill('SIGTERM');
    await once(server.child, 'exit');
  });
});
