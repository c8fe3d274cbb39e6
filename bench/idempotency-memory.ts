/**
 * How much one customer grows the server by sending fresh Idempotency-Keys (issue 12: about
 * 35 MiB per 40,000 keys before the per-user bound; the aim is under 12 MiB).
 *
 *   node --expose-gc --import tsx bench/idempotency-memory.ts [keys]
 *
 * Builds an app on the in-memory stores, registers one customer, then sends `keys` checkouts
 * (default 40,000), each with a new key, through app.inject. Each answers 400 `Panier vide.`,
 * an answer the server keeps 24 h like any other. Prints the heap growth after full GCs.
 * The bounds come from the environment like the server's (IDEMPOTENCY_MAX_KEYS_PER_USER=100000
 * shows the growth without the per-user bound); the stores are always in memory.
 *
 * The loop yields to the event loop (setImmediate) after each request, as a server does
 * between requests: a loop of bare `await app.inject()` never reaches the macrotask queue,
 * and what Node frees there piles up (about 9 KiB per request, even for a bare Fastify app).
 */
import { buildApp } from '../src/app.js';
import { ScryptPasswordHasher } from '../src/auth/password-hasher.js';
import { loadConfig } from '../src/config.js';
import { createAppContext } from '../src/context.js';
import { createMemoryStores } from '../src/stores/memory-stores.js';

const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) {
  console.error('Run with node --expose-gc --import tsx bench/idempotency-memory.ts');
  process.exit(1);
}
const collect = gc;

const keys = Number(process.argv[2] ?? 40_000);
const MiB = 1024 * 1024;

function settledHeap(): number {
  for (let i = 0; i < 3; i += 1) collect();
  return process.memoryUsage().heapUsed;
}

const config = {
  ...loadConfig({ ...process.env, DATABASE_URL: '' }),
  seedDemo: false,
  logLevel: 'silent' as const,
  uploadDir: '/tmp/bench-uploads',
};
const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));
const ctx = createAppContext(config, createMemoryStores(config.uploadDir), {
  hasher: new ScryptPasswordHasher(2 ** 10),
});
const app = await buildApp(ctx);
await app.ready();

const registered = await app.inject({
  method: 'POST',
  url: '/api/auth/register',
  payload: {
    email: 'bench@example.com',
    password: 'secret123',
    first_name: 'Banc',
    last_name: "D'essai",
    address: '1 rue du Banc, 75000 Paris',
  },
});
const { token } = registered.json<{ token: string }>();
const checkout = (key?: string) =>
  app.inject({
    method: 'POST',
    url: '/api/orders/checkout',
    headers: { authorization: `Bearer ${token}`, ...(key && { 'idempotency-key': key }) },
  });

// Warm up (JIT, compiled serializers, first allocations) without keys, so every key kept counts.
for (let i = 0; i < 2_000; i += 1) {
  await checkout();
  await nextTurn();
}
const before = settledHeap();
const started = performance.now();
let answered400 = 0;
for (let i = 0; i < keys; i += 1) {
  const res = await checkout(`key-${i}-${'x'.repeat(32)}`);
  if (res.statusCode === 400) answered400 += 1;
  await nextTurn();
}
const seconds = (performance.now() - started) / 1000;
const after = settledHeap();

console.log(
  JSON.stringify(
    {
      keys,
      answered400,
      maxKeysPerUser: config.idempotencyMaxKeysPerUser,
      heapBeforeMiB: +(before / MiB).toFixed(2),
      heapAfterMiB: +(after / MiB).toFixed(2),
      growthMiB: +((after - before) / MiB).toFixed(2),
      requestsPerSecond: Math.round(keys / seconds),
    },
    null,
    2,
  ),
);
await app.close();
