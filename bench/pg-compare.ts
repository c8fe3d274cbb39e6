import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '../scripts/free-port.js';
import { json, type LoadResult, load, login, type Started, startProcess } from './lib.js';
import {
  backendPids,
  benchServerUrl,
  dropDatabase,
  pgbench,
  recreateDatabase,
  settle,
  withDatabase,
} from './pg-setup.js';
import { cpuMs, keepAliveClient, logInShoppers, type PurchaseResult, purchaseLoop } from './shoppers.js';

/**
 * The same build on the in-memory stores and on PostgreSQL, side by side in one run,
 * alternating the two round by round, and pgbench's TPC-B-like transaction on the same
 * server for the database's own ceiling. Settings: see BENCHMARKS.md.
 */
const setting = (name: string, fallback: number) => Number(process.env[name] ?? fallback);

interface PgSettings {
  rounds: number;
  durationS: number;
  /** Seconds of purchases per server before the rounds, discarded. */
  purchaseWarmupS: number;
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

const pgSettingsFromEnv = (): PgSettings => ({
  rounds: setting('BENCH_ROUNDS', 3),
  durationS: setting('BENCH_DURATION', 5),
  purchaseWarmupS: setting('BENCH_PURCHASE_WARMUP', 8),
  connections: setting('BENCH_CONNECTIONS', 32),
  shoppers: setting('BENCH_SHOPPERS', 16),
  purchaseProducts: setting('BENCH_PURCHASE_PRODUCTS', 1),
  pgbenchScale: setting('BENCH_PGBENCH_SCALE', 5),
  pgbenchClients: setting('BENCH_PGBENCH_CLIENTS', 16),
  pgbenchThreads: setting('BENCH_PGBENCH_THREADS', 2),
  database: process.env.BENCH_PG_DATABASE ?? 'ecommerce_bench',
  pgbenchDatabase: process.env.BENCH_PGBENCH_DATABASE ?? 'pgbench',
});

export type Store = 'memory' | 'postgres';

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
  /** CPU of the PostgreSQL backends serving the server's pool, per purchase, per round (NaN if unreadable). */
  databaseCpuMsPerPurchase: number[];
  pgbench: { tps: number; latencyMs: number }[];
}

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
      const headers = (server: Server): Record<string, string> =>
        auth ? { authorization: `Bearer ${server.charlie}` } : {};
      // One second of warm-up each, discarded: the first round must not pay for the JIT and the pool filling.
      for (const server of [memory, postgres]) {
        const url = server.process.base + path(server);
        await load({ url, connections: settings.connections, duration: 1, headers: headers(server) });
      }
      for (let round = 0; round < settings.rounds; round += 1) {
        for (const server of [memory, postgres]) {
          runs[server.store].push(
            await load({
              url: server.process.base + path(server),
              connections: settings.connections,
              duration: settings.durationS,
              headers: headers(server),
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
    const databaseCpu: number[] = [];
    const pgbenchRuns: PgComparison['pgbench'] = [];
    // Backends a pool opened during the loop count from zero; ones it closed are lost (none while busy).
    const backendCpu = async () =>
      new Map((await backendPids(serverUrl, settings.database)).map((pid) => [pid, cpuMs(pid)]));
    // Purchases first, discarded: the JIT (both servers and the load generator reach their steady
    // speed after about 6 s of this loop) and every connection's prepared statements.
    for (const server of [memory, postgres]) {
      await purchaseLoop(
        server.client,
        server.shopperTokens,
        server.shopperProducts,
        settings.purchaseWarmupS,
        undefined,
      );
    }
    await settle(serverUrl, settings.database);
    await settle(serverUrl, settings.pgbenchDatabase);
    for (let round = 0; round < settings.rounds; round += 1) {
      for (const server of [memory, postgres]) {
        const before = server.store === 'postgres' ? await backendCpu() : null;
        const result = await purchaseLoop(
          server.client,
          server.shopperTokens,
          server.shopperProducts,
          settings.durationS,
          server.process.child.pid,
        );
        purchases[server.store].push(result);
        if (before) {
          let spent = 0;
          for (const [pid, ms] of await backendCpu()) spent += ms - (before.get(pid) ?? 0);
          databaseCpu.push(spent / result.purchases);
          await settle(serverUrl, settings.database);
        }
      }
      pgbenchRuns.push(await bench.run(settings.durationS));
      await settle(serverUrl, settings.pgbenchDatabase);
    }
    console.log('  purchase loop and pgbench done');
    return {
      settings,
      startupMs: { memory: memory.process.startupMs, postgres: postgres.process.startupMs },
      reads,
      purchases,
      databaseCpuMsPerPurchase: databaseCpu,
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
