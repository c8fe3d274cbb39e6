import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import postgres from 'postgres';
import { freePort } from '../scripts/free-port.js';
import { LISTED } from '../src/catalog/pg-product-sql.js';
import { migrate } from '../src/database/migrate.js';
import { startProcess } from './lib.js';
import { benchServerUrl, dropDatabase, recreateDatabase, settle, withDatabase } from './pg-setup.js';
import { type PageTiming, TREE, timePage } from './variant-catalogue.js';
import { leafCount, VARIANT_BENCH } from './variant-catalogue-data.js';

const DATABASE = process.env.BENCH_VARIANT_DATABASE ?? 'ecommerce_bench_variants';

/**
 * bench/variant-catalogue-data.ts's catalogue in SQL, set-wise (generate_series) on a database
 * the migrations just made: seconds, where 500,000 variants through the API would take minutes.
 * The data file's expressions are restated (a mismatch shows in the page's total, printed with
 * the figures). Each row is written once: an UPDATE of every product afterwards would leave the
 * table twice its size, and the count's scan with it. So the price "à partir de" is written as
 * the product's own, which it is here (the only variants with a price of their own cost more).
 */
async function load(sql: postgres.Sql): Promise<void> {
  const { products, roots, childrenPerRoot } = VARIANT_BENCH;
  await sql.unsafe(
    `INSERT INTO categories (id, name, slug, parent_id, position)
     SELECT 'cat-' || r, 'Rayon ' || r, 'rayon-' || r, NULL, r FROM generate_series(0, $1 - 1) r`,
    [roots],
  );
  await sql.unsafe(
    `INSERT INTO categories (id, name, slug, parent_id, position)
     SELECT 'cat-' || r || '-' || c, 'Rayon ' || r || '.' || c, 'rayon-' || r || '-' || c, 'cat-' || r, c
     FROM generate_series(0, $1 - 1) r, generate_series(0, $2 - 1) c ORDER BY r, c`,
    [roots, childrenPerRoot],
  );
  await sql.unsafe(
    `INSERT INTO products (id, name, description, price_cents, from_price_cents, active, image_url, created_at,
       name_key, description_key, options)
     SELECT 'p-' || i, 'T-shirt n°' || i, 'Coton bio, coupe ' || CASE WHEN i % 2 = 1 THEN 'droite' ELSE 'ajustée' END || '.',
       900 + (i * 7919) % 9000, 900 + (i * 7919) % 9000, i % 10 <> 9, NULL, now() - ($1 - i) * interval '1 second',
       't-shirt n°' || i, 'coton bio, coupe ' || CASE WHEN i % 2 = 1 THEN 'droite' ELSE 'ajustee' END || '.',
       '[{"name":"Taille","values":["XS","S","M","L","XL"]}]'::jsonb
     FROM generate_series(0, $1 - 1) i ORDER BY i`,
    [products],
  );
  await sql.unsafe(
    `INSERT INTO product_variants (id, product_id, sku, options, price_cents, stock_qty, active)
     SELECT 'v-' || i || '-' || s.size, 'p-' || i, 'TS-' || i || '-' || s.size, jsonb_build_object('Taille', s.size),
       CASE WHEN s.size = 'M' AND i % 3 = 0 THEN 900 + (i * 7919) % 9000 + 200 END,
       CASE WHEN s.size = 'M' AND i % 4 = 0 THEN 0 ELSE (i * 13 + s.k * 7) % 30 END,
       NOT (s.size = 'XL' AND i % 8 = 0)
     FROM generate_series(0, $1 - 1) i,
       (VALUES (0, 'XS'), (1, 'S'), (2, 'M'), (3, 'L'), (4, 'XL')) AS s (k, size)
     ORDER BY i, s.k`,
    [products],
  );
  await sql.unsafe(
    `INSERT INTO product_categories (product_id, category_id)
     SELECT 'p-' || i, 'cat-' || ((i % $2) / $3) || '-' || ((i % $2) % $3) FROM generate_series(0, $1 - 1) i`,
    [products, leafCount(), childrenPerRoot],
  );
}

/** The two statements the store runs for the measured page (`search` in src/catalog/pg-product.repository.ts). */
function searchStatements(): { text: string; params: unknown[] }[] {
  const ids = [`cat-3`, ...Array.from({ length: VARIANT_BENCH.childrenPerRoot }, (_, c) => `cat-3-${c}`)];
  const filter = `${LISTED}
    AND EXISTS (SELECT 1 FROM product_categories pc WHERE pc.product_id = p.id AND pc.category_id = ANY($1::text[]))
    AND EXISTS (SELECT 1 FROM product_variants v WHERE v.product_id = p.id AND v.active AND v.options @> '{"Taille":"M"}'::jsonb)
    AND EXISTS (SELECT 1 FROM product_variants v WHERE v.product_id = p.id AND v.active AND v.options @> '{"Taille":"M"}'::jsonb AND v.stock_qty > 0)`;
  // The option inlined: a string bound to ::jsonb through postgres.js's unsafe would be sent as a JSON string.
  const params = [ids];
  return [
    { text: `SELECT count(*)::int AS n FROM products p WHERE ${filter}`, params },
    { text: `SELECT p.id FROM products p WHERE ${filter} ORDER BY p.seq ASC LIMIT 21 OFFSET 0`, params },
  ];
}

async function explain(sql: postgres.Sql): Promise<string> {
  const plans: string[] = [];
  for (const { text, params } of searchStatements()) {
    const rows = await sql.unsafe<{ 'QUERY PLAN': string }[]>(
      `EXPLAIN (ANALYZE, BUFFERS, COSTS OFF) ${text}`,
      params as never[],
    );
    plans.push(rows.map((row) => row['QUERY PLAN']).join('\n'));
  }
  return plans.join('\n\n');
}

/**
 * Issue 24's case on PostgreSQL: a fresh database, migrated, loaded in SQL and analysed; the
 * production build started on it (no demo data), the page timed with the catalogue cache off
 * (`DATABASE_CACHE_TTL_MS=0`: what the database costs) and on (the default 500 ms), and the
 * search's plans printed.
 */
export async function runPgVariantCatalogue(): Promise<{
  products: number;
  timings: { label: string; page: PageTiming; tree?: PageTiming }[];
  plans: string;
  loadS: number;
}> {
  const serverUrl = benchServerUrl();
  const url = withDatabase(serverUrl, DATABASE);
  await recreateDatabase(serverUrl, DATABASE);
  const started = performance.now();
  const sql = postgres(url, { max: 1, onnotice: () => {} });
  try {
    await migrate(sql);
    await load(sql);
    await sql.end();
    await settle(serverUrl, DATABASE);
    const loadS = (performance.now() - started) / 1000;
    console.log(
      `PostgreSQL: ${VARIANT_BENCH.products} products × 5 sizes loaded and analysed in ${loadS.toFixed(0)} s`,
    );
    const timings: { label: string; page: PageTiming; tree?: PageTiming }[] = [];
    for (const [label, ttl] of [
      ['cache off', '0'],
      ['cache 500 ms', '500'],
    ] as const) {
      const server = await startProcess(
        ['dist/main.js'],
        {
          NODE_ENV: 'production',
          LOG_LEVEL: 'warn',
          SEED_DEMO: 'false',
          DATABASE_URL: url,
          DATABASE_CACHE_TTL_MS: ttl,
          UPLOAD_DIR: mkdtempSync(join(tmpdir(), 'ecommerce-bench-variants-')),
        },
        await freePort(),
      );
      try {
        const page = await timePage(server.base);
        timings.push({ label, page, ...(ttl === '0' && { tree: await timePage(server.base, TREE, 20) }) });
      } finally {
        await server.stop();
      }
    }
    const reader = postgres(url, { max: 1, onnotice: () => {} });
    try {
      return { products: VARIANT_BENCH.products, timings, plans: await explain(reader), loadS };
    } finally {
      await reader.end();
    }
  } finally {
    await sql.end();
    if (process.env.BENCH_KEEP_DB !== '1') await dropDatabase(serverUrl, DATABASE);
  }
}
