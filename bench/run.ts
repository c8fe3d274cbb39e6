/**
 * `npm run bench`: the production build of the API against a bare node:http baseline,
 * on loopback, alternating the two in rounds with the same connections and duration.
 * Settings: BENCH_ROUNDS (3), BENCH_DURATION seconds per run (5), BENCH_CONNECTIONS (32).
 * BENCH_PG=1 then runs the memory-vs-PostgreSQL comparison of `npm run bench:pg` (bench/pg-compare.ts).
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '../scripts/free-port.js';
import { runLargeCatalogue } from './large-catalogue.js';
import { json, type LoadResult, load, login, median, type Started, startProcess } from './lib.js';
import { runPgComparison } from './pg-compare.js';
import { printPgComparison } from './pg-report.js';
import { runPurchases } from './purchase.js';
import { describeVariantRun, runVariantCatalogue } from './variant-catalogue.js';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const DURATION = Number(process.env.BENCH_DURATION ?? 5);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 32);
const work = mkdtempSync(join(tmpdir(), 'ecommerce-bench-'));

interface Row {
  scenario: string;
  api: LoadResult[];
  baseline: LoadResult[] | null;
  unit: string;
}

async function main(): Promise<void> {
  const apiPort = await freePort();
  const api = await startProcess(
    ['dist/main.js'],
    { NODE_ENV: 'production', LOG_LEVEL: 'warn', SEED_DEMO: 'true', UPLOAD_DIR: join(work, 'uploads') },
    apiPort,
  );
  console.log(`API started, first answer after ${api.startupMs.toFixed(0)} ms`);
  let baseline: Started | undefined;
  try {
    const charlie = await login(api.base, 'charlie@example.com', 'password123');
    const admin = await login(api.base, 'admin@example.com', 'admin123');
    const auth = (token: string) => ({ authorization: `Bearer ${token}` });
    const { products } = await json<{ products: { id: string }[] }>(`${api.base}/api/catalog/products`);
    const productId = products[0]?.id ?? '';
    const paths = {
      list: '/api/catalog/products',
      product: `/api/catalog/products/${productId}`,
      cart: '/api/cart',
    };
    const sameData: Record<string, unknown> = {
      [paths.list]: await json(`${api.base}${paths.list}`),
      [paths.product]: await json(`${api.base}${paths.product}`),
      [paths.cart]: await json(`${api.base}${paths.cart}`, { headers: auth(charlie) }),
    };
    const dataFile = join(work, 'baseline-data.json');
    writeFileSync(dataFile, JSON.stringify(sameData));
    baseline = await startProcess(
      ['--import', 'tsx', 'bench/baseline-server.ts', dataFile],
      { NODE_ENV: 'production' },
      await freePort(),
    );

    const rows: Row[] = [];
    const compare = async (scenario: string, path: string, headers: Record<string, string> = {}) => {
      const row: Row = { scenario, api: [], baseline: [], unit: 'req/s' };
      for (let round = 0; round < ROUNDS; round += 1) {
        row.api.push(
          await load({ url: api.base + path, connections: CONNECTIONS, duration: DURATION, headers }),
        );
        row.baseline?.push(
          await load({
            url: (baseline as Started).base + path,
            connections: CONNECTIONS,
            duration: DURATION,
            headers,
          }),
        );
      }
      rows.push(row);
      console.log(`  ${scenario} done`);
    };
    await compare('GET /api/catalog/products (9 products)', paths.list);
    await compare('GET /api/catalog/products/:id', paths.product);
    await compare('GET /api/cart (authenticated)', paths.cart, auth(charlie));

    // POST /api/cart/add: enough stock that every add succeeds for the whole run.
    await fetch(`${api.base}/api/admin/products/stock`, {
      method: 'PUT',
      headers: { ...auth(admin), 'content-type': 'application/json' },
      body: JSON.stringify({ product_id: productId, stock_qty: 1_000_000 }),
    });
    const addRow: Row = { scenario: 'POST /api/cart/add', api: [], baseline: null, unit: 'req/s' };
    for (let round = 0; round < ROUNDS; round += 1) {
      const buyer = await login(api.base, 'bob@example.com', 'password123');
      addRow.api.push(
        await load({
          url: `${api.base}/api/cart/add`,
          method: 'POST',
          connections: CONNECTIONS,
          duration: DURATION,
          headers: { ...auth(buyer), 'content-type': 'application/json' },
          body: JSON.stringify({ product_id: productId, quantity: 1 }),
        }),
      );
      await fetch(`${api.base}/api/cart/clear`, { method: 'DELETE', headers: auth(buyer) });
    }
    rows.push(addRow);
    console.log('  add done');

    const purchases: LoadResult[] = [];
    for (let round = 0; round < ROUNDS; round += 1)
      purchases.push(await runPurchases(api.base, admin, productId, CONNECTIONS, DURATION));
    rows.push({
      scenario: 'purchase: login + add + checkout + pay',
      api: purchases,
      baseline: null,
      unit: 'purchases/s',
    });
    console.log('  purchase done');

    const large = await runLargeCatalogue(DURATION);
    // Issue 24's catalogue: 100,000 products in five sizes, 200 categories.
    const variants = await runVariantCatalogue();
    printReport(rows, api.startupMs, large);
    console.log(describeVariantRun('memory', variants));
  } finally {
    await baseline?.stop();
    await api.stop();
  }
  if (process.env.BENCH_PG === '1') printPgComparison(await runPgComparison());
}

const fmt = (n: number, digits = 0) =>
  n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });

function printReport(
  rows: Row[],
  startupMs: number,
  large: Awaited<ReturnType<typeof runLargeCatalogue>>,
): void {
  console.log(
    `\n${ROUNDS} rounds × ${DURATION} s, ${CONNECTIONS} connections, Node ${process.version}; medians of the rounds\n`,
  );
  console.log('| scenario | API | baseline | API / baseline | API p50 ms | API p99 ms | baseline p99 ms |');
  console.log('|---|---|---|---|---|---|---|');
  for (const row of rows) {
    const rps = median(row.api.map((r) => r.rps));
    const p50 = median(row.api.map((r) => r.p50));
    const p99 = median(row.api.map((r) => r.p99));
    const errors = row.api.reduce((sum, r) => sum + r.errors + r.non2xx, 0);
    if (row.baseline) {
      const base = median(row.baseline.map((r) => r.rps));
      const ratios = row.api.map((r, i) => r.rps / (row.baseline?.[i]?.rps ?? 1));
      console.log(
        `| ${row.scenario} | ${fmt(rps)} ${row.unit} | ${fmt(base)} | **${fmt(median(ratios) * 100)} %** | ${fmt(p50, 1)} | ${fmt(p99, 1)} | ${fmt(median(row.baseline.map((r) => r.p99)), 1)} |`,
      );
    } else {
      console.log(
        `| ${row.scenario} | ${fmt(rps, 1)} ${row.unit} | – | – | ${fmt(p50, 1)} | ${fmt(p99, 1)} | – |`,
      );
    }
    if (errors > 0) console.log(`|   ↳ ${errors} errors or non-2xx answers | | | | | | |`);
  }
  console.log(`\nstart-up to first answered request (demo data): ${fmt(startupMs)} ms`);
  console.log(
    `large catalogue (${fmt(large.products)} products, ${fmt(large.orders)} orders): heap ${fmt(large.heapMb)} MB after GC; ` +
      `filtered, sorted page of 20 at 1 connection: p50 ${fmt(large.page.p50, 2)} ms, p99 ${fmt(large.page.p99, 2)} ms, ${fmt(large.page.rps)} req/s`,
  );
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
