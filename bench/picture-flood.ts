import { spawn } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { request } from 'node:http';
import { connect } from 'node:net';
import { login, startProcess } from './lib.js';
import { benchServerUrl, dropDatabase, recreateDatabase, withDatabase } from './pg-setup.js';
import { cpuMs, keepAliveClient, logInShoppers } from './shoppers.js';

/**
 * Issue 28's picture flood, on PostgreSQL: 96 anonymous readers of one 5 MiB picture (a third of
 * them revalidating with If-None-Match), while 8 customers add to their cart and check out with
 * an Idempotency-Key. Then 40 sockets ask for the picture and never read. Prints the readers'
 * statuses, the 304's latency, the checkout's p50/p99, and the server's RSS around the
 * non-readers (BENCHMARKS.md, "Picture flood"). `npx tsx bench/picture-flood.ts [seconds]`.
 */
const seconds = Number(process.argv[2] ?? 20);
const READERS = 96;
const SHOPPERS = 8;
const NON_READERS = 40;
const PICTURE_BYTES = 5 * 1024 * 1024;

const database = `ecommerce_bench_pictures_${process.pid}`;
const serverUrl = benchServerUrl();
await recreateDatabase(serverUrl, database);
const port = 19_000 + Math.floor(Math.random() * 1000);
const server = await startProcess(
  ['--import', 'tsx', 'src/main.ts'],
  {
    DATABASE_URL: withDatabase(serverUrl, database),
    SEED_DEMO: 'true',
    LOG_LEVEL: 'warn',
    MAX_UPLOAD_BYTES: String(PICTURE_BYTES + 1024),
  },
  port,
);
const rssMiB = () =>
  Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${server.child.pid}/status`, 'utf8'))?.[1]) / 1024;

const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((sorted.length * p) / 100))] ?? Number.NaN;
};

try {
  const admin = await login(server.base, 'admin@example.com', 'admin123');
  const png = Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    randomBytes(PICTURE_BYTES - 8),
  ]);
  const form = new FormData();
  form.append('file', new Blob([png], { type: 'image/png' }), 'big.png');
  const uploaded = await fetch(`${server.base}/api/admin/upload-image`, {
    method: 'POST',
    headers: { authorization: `Bearer ${admin}` },
    body: form,
  });
  if (uploaded.status !== 200 && uploaded.status !== 201) throw new Error(`upload → ${uploaded.status}`);
  const { image_url: picture } = (await uploaded.json()) as { image_url: string };
  const created = await fetch(`${server.base}/api/admin/products`, {
    method: 'POST',
    headers: { authorization: `Bearer ${admin}`, 'content-type': 'application/json' },
    body: JSON.stringify({ name: 'Affiche', price: 9.9, stock: 1_000_000, image_url: picture }),
  });
  const { id: productId } = (await created.json()) as { id: string };
  const etag = (await fetch(server.base + picture)).headers.get('etag') ?? '';

  const shoppers = keepAliveClient(server.base, SHOPPERS);
  const tokens = await logInShoppers(shoppers, SHOPPERS);
  /** Every shopper adds one unit then checks out with a fresh key, for `forSeconds`. */
  async function checkoutLoop(
    forSeconds: number,
  ): Promise<{ latencies: number[]; statuses: Map<number, number> }> {
    const until = Date.now() + forSeconds * 1000;
    const latencies: number[] = [];
    const statuses = new Map<number, number>();
    await Promise.all(
      tokens.map(async (token) => {
        while (Date.now() < until) {
          await shoppers.send('POST', '/api/cart/add', { product_id: productId, quantity: 1 }, token);
          const started = performance.now();
          const status = await new Promise<number>((resolve) => {
            const req = request(
              {
                host: '127.0.0.1',
                port,
                method: 'POST',
                path: '/api/orders/checkout',
                headers: { authorization: `Bearer ${token}`, 'idempotency-key': randomUUID() },
              },
              (r) => {
                r.resume();
                r.on('end', () => resolve(r.statusCode ?? 0));
              },
            );
            req.on('error', () => resolve(0));
            req.end();
          });
          latencies.push(performance.now() - started);
          statuses.set(status, (statuses.get(status) ?? 0) + 1);
        }
      }),
    );
    return { latencies, statuses };
  }
  const describe = (label: string, { latencies, statuses }: Awaited<ReturnType<typeof checkoutLoop>>) =>
    console.log(
      `keyed checkout ${label}: ${latencies.length} (${[...statuses].map(([s, n]) => `${n} × ${s}`).join(', ')}), ` +
        `p50 ${percentile(latencies, 50).toFixed(0)} ms, p99 ${percentile(latencies, 99).toFixed(0)} ms, max ${Math.max(...latencies).toFixed(0)} ms`,
    );

  // The same loop alone first: on a shared machine it says what the flood adds.
  describe('alone', await checkoutLoop(Math.min(10, seconds)));

  // The readers run in a process of their own: their event loop, busy taking 5 MiB answers,
  // would otherwise delay the checkout timings measured here.
  // BENCH_READERS_NICE=10 lowers their priority: on a machine where the load generator shares the
  // server's cores, it stands for readers on other machines.
  const readerArgs = ['--import', 'tsx', 'bench/picture-readers.ts', server.base, picture, etag];
  readerArgs.push(String(seconds), String(READERS));
  const nice = process.env.BENCH_READERS_NICE;
  const flood = nice
    ? spawn('nice', ['-n', nice, process.execPath, ...readerArgs], { stdio: ['ignore', 'pipe', 'inherit'] })
    : spawn(process.execPath, readerArgs, { stdio: ['ignore', 'pipe', 'inherit'] });
  let floodOutput = '';
  flood.stdout.on('data', (chunk) => {
    floodOutput += chunk;
  });
  const floodDone = once(flood, 'exit');
  const cpuBefore = cpuMs(server.child.pid);
  const floodStarted = performance.now();
  const underFlood = await checkoutLoop(seconds);
  const serverCpu = (cpuMs(server.child.pid) - cpuBefore) / (performance.now() - floodStarted);
  await floodDone;
  shoppers.close();
  console.log(floodOutput.trim());
  console.log(`server CPU during the flood: ${(serverCpu * 100).toFixed(0)} % of one core`);
  describe('under the flood', underFlood);

  // Sockets that ask for the picture and never read: what do they keep on the server?
  await new Promise((resolve) => setTimeout(resolve, 2000));
  const before = rssMiB();
  const sockets = Array.from({ length: NON_READERS }, () => {
    const socket = connect(port, '127.0.0.1');
    socket.write(`GET ${picture} HTTP/1.1\r\nHost: localhost\r\n\r\n`);
    socket.pause();
    socket.on('error', () => {});
    return socket;
  });
  await new Promise((resolve) => setTimeout(resolve, 5000));
  const held = rssMiB();
  await new Promise((resolve) => setTimeout(resolve, 10_000));
  const open = sockets.filter((s) => !s.destroyed && !s.readableEnded).length;
  const later = rssMiB();
  for (const socket of sockets) socket.destroy();
  console.log(
    `${NON_READERS} non-reading sockets: RSS ${before.toFixed(0)} MiB → ${held.toFixed(0)} MiB after 5 s (+${(held - before).toFixed(0)}), ${later.toFixed(0)} MiB after 15 s, ${open} still open`,
  );
} finally {
  await server.stop();
  await dropDatabase(serverUrl, database);
}
