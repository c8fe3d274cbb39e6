import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, json, type LoadResult, load, median, type Started, startProcess } from './lib.js';
import { benchServerUrl, dropDatabase, pgbench, recreateDatabase, withDatabase } from './pg-setup.js';
import { keepAliveClient, logInShoppers, type PurchaseResult, purchaseLoop } from './shoppers.js';

/**
 * The same build on the in-memory stores and on PostgreSQL, side by side in one run,
 * alternating the two round by round, and pgbench's TPC-B-like transaction on the same
 * server for the database's own ceiling. Settings: see BENCHMARKS.md.
 */
const setting = (name: string, fallback: number) => Number(process.env[name] ?? fallback);

export interface PgSettings {
  rounds: number;
  durationS: number;
  connections: number;
  shoppers: number;
  /** How many demo products the shoppers spread over (shopper i buys product i mod n). */
  purchaseProducts: number;
  pgbenchScale: number;
  pgbenchClients: number;
  pgbenchThreads: number;
  database: string;
  pgbenchDatabase: string;
}

export const pgSettingsFromEnv = (): PgSettings => ({
  rounds: setting('BENCH_ROUNDS', 3),
  durationS: setting('BENCH_DURATION', 5),
  connections: setting('BENCH_CONNECTIONS', 32),
  shoppers: setting('BENCH_SHOPPERS', 16),
  purchaseProducts: setting('BENCH_PURCHASE_PRODUCTS', 1),
  pgbenchScale: setting('BENCH_PGBENCH_SCALE', 5),
  pgbenchClients: setting('BENCH_PGBENCH_CLIENTS', 16),
  pgbenchThreads: setting('BENCH_PGBENCH_THREADS', 2),
  database: process.env.BENCH_PG_DATABASE ?? 'ecommerce_bench',
  pgbenchDatabase: process.env.BENCH_PGBENCH_DATABASE ?? 'pgbench',
});

type Store = 'memory' | 'postgres';

interface Server {
  store: Store;
  process: Started;
  charlie: string;
  productId: string;
  shopperProducts: string[];
  shopperTokens: string[];
  client: ReturnType<typeof keepAliveClient>;
}

export interface PgComparison {
  settings: PgSettings;
  startupMs: Record<Store, number>;
  reads: { scenario: string; target: number; runs: Record<Store, LoadResult[]> }[];
  purchases: Record<Store, PurchaseResult[]>;
  pgbench: { tps: number; latencyMs: number }[];
}

const login = (base: string, email: string, password: string) =>
  json<{ token: string }>(`${base}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password }),
  }).then((r) => r.token);

async function startServer(store: Store, databaseUrl: string, settings: PgSettings): Promise<Server> {
  const work = mkdtempSync(join(tmpdir(), `ecommerce-bench-${store}-`));
  const started = await startProcess(
    ['dist/main.js'],
    {
      NODE_ENV: 'production',
      LOG_LEVEL: 'warn',
      SEED_DEMO: 'true',
      UPLOAD_DIR: join(work, 'uploads'),
      // Empty means unset (config.ts): the memory server must not inherit the caller's DATABASE_URL.
      DATABASE_URL: databaseUrl,
    },
    await freePort(),
  );
  try {
    const charlie = await login(started.base, 'charlie@example.com', 'password123');
    const admin = await login(started.base, 'admin@example.com', 'admin123');
    const { products } = await json<{ products: { id: string }[] }>(`${started.base}/api/catalog/products`);
    const shopperProducts = products.slice(0, Math.max(1, settings.purchaseProducts)).map((p) => p.id);
    // Enough stock that no purchase of the whole run is refused.
    for (const productId of shopperProducts) {
      await json(`${started.base}/api/admin/products/stock`, {
        method: 'PUT',
        headers: { authorization: `Bearer ${admin}`, 'content-type': 'application/json' },
        body: JSON.stringify({ product_id: productId, stock_qty: 1_000_000 }),
      });
    }
    const client = keepAliveClient(started.base, settings.shoppers);
    const shopperTokens = await logInShoppers(client, settings.shoppers);
    return {
      store,
      process: started,
      charlie,
      productId: products[0]?.id ?? '',
      shopperProducts,
      shopperTokens,
      client,
    };
  } catch (err) {
    console.error(`${store} server output:\n${started.output().slice(-4000)}`);
    await started.stop();
    throw err;
  }
}

export async function runPgComparison(settings = pgSettingsFromEnv()): Promise<PgComparison> {
  const serverUrl = benchServerUrl();
  const { host } = new URL(serverUrl);
  console.log(
    `PostgreSQL at ${host}: fresh database ${settings.database}, pgbench on ${settings.pgbenchDatabase}`,
  );
  await recreateDatabase(serverUrl, settings.database);
  const bench = pgbench(
    serverUrl,
    settings.pgbenchDatabase,
    settings.pgbenchScale,
    settings.pgbenchClients,
    settings.pgbenchThreads,
  );
  const servers: Server[] = [];
  try {
    servers.push(await startServer('memory', '', settings));
    // Started on an empty database, the server migrates and seeds it itself, as in production.
    servers.push(await startServer('postgres', withDatabase(serverUrl, settings.database), settings));
    const [memory, postgres] = servers as [Server, Server];
    console.log(
      `servers up: memory in ${memory.process.startupMs.toFixed(0)} ms, PostgreSQL in ${postgres.process.startupMs.toFixed(0)} ms`,
    );
    await bench.init();
    console.log(`pgbench initialised at scale ${settings.pgbenchScale}`);

    const reads: PgComparison['reads'] = [];
    const compare = async (scenario: string, target: number, path: (s: Server) => string, auth = false) => {
      const runs: Record<Store, LoadResult[]> = { memory: [], postgres: [] };
      for (let round = 0; round < settings.rounds; round += 1) {
        for (const server of [memory, postgres]) {
          runs[server.store].push(
            await load({
              url: server.process.base + path(server),
              connections: settings.connections,
              duration: settings.durationS,
              headers: auth ? { authorization: `Bearer ${server.charlie}` } : {},
            }),
          );
        }
      }
      reads.push({ scenario, target, runs });
      console.log(`  ${scenario} done`);
    };
    await compare('GET /api/catalog/products', 0.8, () => '/api/catalog/products');
    await compare('GET /api/catalog/products/:id', 0.8, (s) => `/api/catalog/products/${s.productId}`);
    await compare('GET /api/cart (authenticated)', 0.5, () => '/api/cart', true);

    const purchases: PgComparison['purchases'] = { memory: [], postgres: [] };
    const pgbenchRuns: PgComparison['pgbench'] = [];
    for (let round = 0; round < settings.rounds; round += 1) {
      for (const server of [memory, postgres]) {
        purchases[server.store].push(
          await purchaseLoop(
            server.client,
            server.shopperTokens,
            server.shopperProducts,
            settings.durationS,
            server.process.child.pid,
          ),
        );
      }
      pgbenchRuns.push(await bench.run(settings.durationS));
    }
    console.log('  purchase loop and pgbench done');
    return {
      settings,
      startupMs: { memory: memory.process.startupMs, postgres: postgres.process.startupMs },
      reads,
      purchases,
      pgbench: pgbenchRuns,
    };
  } finally {
    for (const server of servers) {
      server.client.close();
      await server.process.stop();
    }
    if (process.env.BENCH_KEEP_DB !== '1') {
      await dropDatabase(serverUrl, settings.database).catch((err: unknown) => {
        console.warn(`could not drop ${settings.database}: ${(err as Error).message}`);
      });
    }
  }
}

const fmt = (n: number, digits = 0) =>
  Number.isFinite(n)
    ? n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits })
    : '–';
const pct = (ratio: number) => `${fmt(ratio * 100)} %`;
const verdict = (met: boolean) => (met ? 'met' : '**not met**');

/** The markdown table for BENCHMARKS.md, medians of the rounds and of the per-round ratios. */
export function printPgComparison(result: PgComparison): void {
  const { settings: s } = result;
  console.log(
    `\nmemory vs PostgreSQL, same build, ${s.rounds} rounds × ${s.durationS} s, alternating; ` +
      `reads at ${s.connections} connections, purchase loop with ${s.shoppers} shoppers over ` +
      `${s.purchaseProducts} product(s); Node ${process.version}; medians of the rounds\n`,
  );
  console.log(
    '| scenario | in memory | PostgreSQL | PostgreSQL / memory | target | memory p99 ms | PostgreSQL p99 ms |',
  );
  console.log('|---|---|---|---|---|---|---|');
  for (const { scenario, target, runs } of result.reads) {
    const ratio = median(runs.postgres.map((r, i) => r.rps / (runs.memory[i]?.rps ?? Number.NaN)));
    const errors = [...runs.memory, ...runs.postgres].reduce((sum, r) => sum + r.errors + r.non2xx, 0);
    console.log(
      `| ${scenario} | ${fmt(median(runs.memory.map((r) => r.rps)))} req/s | ${fmt(median(runs.postgres.map((r) => r.rps)))} req/s ` +
        `| **${pct(ratio)}** | ≥ ${pct(target)} (${verdict(ratio >= target)}) ` +
        `| ${fmt(median(runs.memory.map((r) => r.p99)), 1)} | ${fmt(median(runs.postgres.map((r) => r.p99)), 1)} |`,
    );
    if (errors > 0) console.log(`|   ↳ ${errors} errors or non-2xx answers | | | | | | |`);
  }

  const purchase = (store: Store) => {
    const runs = result.purchases[store];
    return {
      rate: median(runs.map((r) => r.purchasesPerS)),
      p50: median(runs.map((r) => r.p50)),
      p99: median(runs.map((r) => r.p99)),
      cpu: median(runs.map((r) => r.cpuMsPerPurchase)),
      errors: runs.reduce((sum, r) => sum + r.errors, 0),
      firstError: runs.find((r) => r.firstError)?.firstError ?? null,
    };
  };
  const mem = purchase('memory');
  const pg = purchase('postgres');
  const tps = median(result.pgbench.map((r) => r.tps));
  const ofPgbench = median(
    result.purchases.postgres.map((r, i) => r.purchasesPerS / (result.pgbench[i]?.tps ?? Number.NaN)),
  );
  console.log(
    `| purchase loop (add → checkout → pay) | ${fmt(mem.rate, 1)} purchases/s | ${fmt(pg.rate, 1)} purchases/s ` +
      `| ${pct(pg.rate / mem.rate)} | – | ${fmt(mem.p99, 1)} | ${fmt(pg.p99, 1)} |`,
  );

  console.log('\n| purchase loop | in memory | PostgreSQL | target |');
  console.log('|---|---|---|---|');
  console.log(`| purchases/s | ${fmt(mem.rate, 1)} | ${fmt(pg.rate, 1)} | |`);
  console.log(
    `| p50 / p99 ms | ${fmt(mem.p50, 1)} / ${fmt(mem.p99, 1)} | ${fmt(pg.p50, 1)} / ${fmt(pg.p99, 1)} | p99 < 150 ms on PostgreSQL (${verdict(pg.p99 < 150)}) |`,
  );
  console.log(`| server CPU ms per purchase | ${fmt(mem.cpu, 2)} | ${fmt(pg.cpu, 2)} | |`);
  console.log(`| errors | ${mem.errors} | ${pg.errors} | 0 |`);
  console.log(
    `| pgbench TPC-B-like, scale ${s.pgbenchScale}, -c ${s.pgbenchClients} -j ${s.pgbenchThreads} | | ${fmt(tps)} tps ` +
      `(mean latency ${fmt(median(result.pgbench.map((r) => r.latencyMs)), 1)} ms) | |`,
  );
  console.log(
    `| PostgreSQL purchases / pgbench tps | | **${pct(ofPgbench)}** | ≥ 20 % (${verdict(ofPgbench >= 0.2)}) |`,
  );
  for (const [store, p] of [
    ['memory', mem],
    ['PostgreSQL', pg],
  ] as const) {
    if (p.firstError) console.log(`\n${store} purchase loop, first refusal: ${p.firstError}`);
  }
  console.log(
    `\nstart-up to first answered request (demo data): memory ${fmt(result.startupMs.memory)} ms, ` +
      `PostgreSQL ${fmt(result.startupMs.postgres)} ms (migrating and seeding an empty database)`,
  );
}
