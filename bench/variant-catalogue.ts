import { performance } from 'node:perf_hooks';
import { freePort } from '../scripts/free-port.js';
import { median, startProcess } from './lib.js';
import { VARIANT_BENCH, VARIANT_QUERY } from './variant-catalogue-data.js';

export interface PageTiming {
  p50: number;
  p99: number;
  requests: number;
  /** What the page answered, so a figure is never that of an error or an empty page. */
  total: number;
  shown: number;
}

const REQUESTS = Number(process.env.BENCH_VARIANT_REQUESTS ?? 500);
/** The tree with each category's count of listed products, descendants included. */
export const TREE = '/api/catalog/categories';

/**
 * The page asked `REQUESTS` times one after the other (one connection, kept alive), after 50
 * discarded: latency to the millisecond's hundredth, which autocannon's whole milliseconds
 * cannot give for a target of 5 ms.
 */
export async function timePage(base: string, path = VARIANT_QUERY, requests = REQUESTS): Promise<PageTiming> {
  const first = await fetch(base + path);
  if (!first.ok) throw new Error(`${path} → ${first.status} ${await first.text()}`);
  // A catalogue page, or the category tree (its roots).
  const answer = (await first.json()) as { total: number; products: unknown[] } | unknown[];
  const body = Array.isArray(answer) ? { total: answer.length, products: answer } : answer;
  for (let i = 0; i < Math.min(50, requests / 10); i += 1) await (await fetch(base + path)).arrayBuffer();
  const times: number[] = [];
  for (let i = 0; i < requests; i += 1) {
    const start = performance.now();
    const res = await fetch(base + path);
    await res.arrayBuffer();
    times.push(performance.now() - start);
    if (!res.ok) throw new Error(`${path} → ${res.status}`);
  }
  times.sort((a, b) => a - b);
  return {
    p50: median(times),
    p99: times[Math.floor(times.length * 0.99)] ?? Number.NaN,
    requests: times.length,
    total: body.total,
    shown: body.products.length,
  };
}

/** Issue 24's case in memory: starts bench/variant-catalogue-server.ts, reads its heap, times the page. */
export async function runVariantCatalogue() {
  const server = await startProcess(
    ['--expose-gc', '--import', 'tsx', 'bench/variant-catalogue-server.ts'],
    { NODE_ENV: 'production', LOG_LEVEL: 'warn', BENCH_VARIANT_PRODUCTS: String(VARIANT_BENCH.products) },
    await freePort(),
  );
  try {
    const heapMb = Number(/heap-mb ([\d.]+)/.exec(server.output())?.[1] ?? Number.NaN);
    const page = await timePage(server.base);
    return { products: VARIANT_BENCH.products, heapMb, page, tree: await timePage(server.base, TREE, 20) };
  } finally {
    await server.stop();
  }
}

const fmt = (n: number, digits = 0) =>
  n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });

export function describeVariantRun(
  store: string,
  run: { products: number; heapMb?: number; page: PageTiming; tree?: PageTiming },
): string {
  const { page, tree } = run;
  const treeLine =
    tree === undefined
      ? ''
      : `; GET ${TREE} (${tree.total} roots with counts), ${tree.requests} requests: p50 ${fmt(tree.p50, 1)} ms`;
  const heap = run.heapMb === undefined ? '' : `heap ${fmt(run.heapMb)} MB after GC; `;
  return (
    `${store}, ${fmt(run.products)} products × ${VARIANT_BENCH.sizes.length} sizes in 200 categories: ${heap}` +
    `category (with descendants) + option=Taille:M + in_stock=true, page of ${page.shown} among ${fmt(page.total)}, ` +
    `${page.requests} requests at 1 connection: p50 ${fmt(page.p50, 2)} ms, p99 ${fmt(page.p99, 2)} ms${treeLine}`
  );
}
