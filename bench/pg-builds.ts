/**
 * `npm run bench:pg-builds -- <dist> <dist> …`: the purchase loop on PostgreSQL for several
 * builds of this server side by side, round by round in turns, to measure a change against the
 * code before it (build the old commit with `npx tsc -p tsconfig.build.json` in a worktree and
 * pass its `dist`). Each build gets a database of its own on the server `bench:pg` uses.
 * A build may carry settings for its server, `dist:DATABASE_PIPELINE_CONNECTIONS=2:NAME=value`, to compare
 * settings of one build.
 * Settings: BENCH_ROUNDS (3), BENCH_DURATION (5 s), BENCH_SHOPPERS (16), BENCH_PURCHASE_PRODUCTS (1),
 * BENCH_PURCHASE_WARMUP (8 s per server, discarded), BENCH_DATABASE_PREFIX (ecommerce_builds).
 */
import { join, resolve } from 'node:path';
import { freePort } from '../scripts/free-port.js';
import { json, login, type Started, startProcess } from './lib.js';
import { backendPids, benchServerUrl, dropDatabase, recreateDatabase, withDatabase } from './pg-setup.js';
import { type Client, cpuMs, keepAliveClient, logInShoppers, purchaseLoop } from './shoppers.js';

const setting = (name: string, fallback: number) => Number(process.env[name] ?? fallback);
const rounds = setting('BENCH_ROUNDS', 3);
const durationS = setting('BENCH_DURATION', 5);
const shoppers = setting('BENCH_SHOPPERS', 16);
const spread = setting('BENCH_PURCHASE_PRODUCTS', 1);
const warmupS = setting('BENCH_PURCHASE_WARMUP', 8);

interface Contender {
  build: string;
  database: string;
  server: Started;
  client: Client;
  tokens: string[];
  productIds: string[];
}

/** `<dist>[:NAME=value]…`: the build's folder and the settings its server gets on top of the defaults. */
function parseContender(spec: string): { build: string; settings: Record<string, string> } {
  const [build = '', ...pairs] = spec.split(':');
  const settings = Object.fromEntries(
    pairs.map((pair) => {
      const at = pair.indexOf('=');
      if (at < 1) throw new Error(`"${pair}" in "${spec}" is not NAME=value`);
      return [pair.slice(0, at), pair.slice(at + 1)];
    }),
  );
  return { build: resolve(build), settings };
}

async function start(spec: string, serverUrl: string, database: string): Promise<Contender> {
  const { build, settings } = parseContender(spec);
  await recreateDatabase(serverUrl, database);
  const server = await startProcess(
    [join(build, 'main.js')],
    {
      NODE_ENV: 'production',
      LOG_LEVEL: 'warn',
      SEED_DEMO: 'true',
      DATABASE_URL: withDatabase(serverUrl, database),
      ...settings,
    },
    await freePort(),
  );
  const admin = await login(server.base, 'admin@example.com', 'admin123');
  const { products } = await json<{ products: { id: string }[] }>(`${server.base}/api/catalog/products`);
  const productIds = products.slice(0, Math.max(1, spread)).map((p) => p.id);
  for (const productId of productIds) {
    await json(`${server.base}/api/admin/products/stock`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${admin}`, 'content-type': 'application/json' },
      body: JSON.stringify({ product_id: productId, stock_qty: 1_000_000 }),
    });
  }
  const client = keepAliveClient(server.base, shoppers);
  const tokens = await logInShoppers(client, shoppers);
  // Warm-up, discarded: the JIT (about 6 s of this loop to a steady speed) and the pool's connections.
  await purchaseLoop(client, tokens, productIds, warmupS, server.child.pid);
  return { build: spec, database, server, client, tokens, productIds };
}

const builds = process.argv.slice(2);
if (builds.length === 0) {
  console.error('usage: npm run bench:pg-builds -- <dist>[:NAME=value…] [<dist>[:NAME=value…] …]');
  process.exit(2);
}
const serverUrl = benchServerUrl();
const contenders: Contender[] = [];
try {
  // BENCH_DATABASE_PREFIX: two people benchmarking on one PostgreSQL server must not drop each other's databases.
  for (const [i, build] of builds.entries())
    contenders.push(
      await start(build, serverUrl, `${process.env.BENCH_DATABASE_PREFIX ?? 'ecommerce_builds'}_${i}`),
    );
  console.log(
    '| build | round | purchases/s | p50 ms | p99 ms | server CPU ms/purchase | PostgreSQL CPU ms/purchase | load generator CPU ms/purchase |',
  );
  console.log('|---|---|---|---|---|---|---|---|');
  for (let round = 1; round <= rounds; round += 1) {
    for (const c of contenders) {
      const backends = async () =>
        new Map((await backendPids(serverUrl, c.database)).map((pid) => [pid, cpuMs(pid)]));
      const before = await backends();
      const result = await purchaseLoop(c.client, c.tokens, c.productIds, durationS, c.server.child.pid);
      let databaseMs = 0;
      for (const [pid, ms] of await backends()) databaseMs += ms - (before.get(pid) ?? 0);
      console.log(
        `| ${c.build} | ${round} | ${result.purchasesPerS.toFixed(1)} | ${result.p50.toFixed(1)} | ${result.p99.toFixed(1)} | ${result.cpuMsPerPurchase.toFixed(2)} | ${(databaseMs / result.purchases).toFixed(2)} | ${result.clientCpuMsPerPurchase.toFixed(2)} |${result.errors ? ` ${result.errors} errors: ${result.firstError}` : ''}`,
      );
    }
  }
} finally {
  for (const c of contenders) {
    c.client.close();
    await c.server.stop();
    await dropDatabase(serverUrl, c.database);
  }
}
