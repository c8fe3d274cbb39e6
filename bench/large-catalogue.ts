import { freePort } from '../scripts/free-port.js';
import { load, startProcess } from './lib.js';

const LARGE_QUERY =
  '/api/catalog/products?q=laine&min_price_cents=1000&max_price_cents=8000&in_stock=true&sort=price&limit=20';

/** Starts the large-data server, reads its heap, and loads one filtered, sorted page at one connection. */
export async function runLargeCatalogue(durationS: number) {
  const products = Number(process.env.BENCH_LARGE_PRODUCTS ?? 100_000);
  const orders = Number(process.env.BENCH_LARGE_ORDERS ?? 100_000);
  const server = await startProcess(
    ['--expose-gc', '--import', 'tsx', 'bench/large-server.ts'],
    {
      NODE_ENV: 'production',
      LOG_LEVEL: 'warn',
      BENCH_LARGE_PRODUCTS: String(products),
      BENCH_LARGE_ORDERS: String(orders),
    },
    await freePort(),
  );
  try {
    const heapMb = Number(/heap-mb ([\d.]+)/.exec(server.output())?.[1] ?? Number.NaN);
    // One warm-up request sorts the price order once, as the first visitor after a restart would.
    await fetch(server.base + LARGE_QUERY);
    const page = await load({ url: server.base + LARGE_QUERY, connections: 1, duration: durationS });
    return { products, orders, heapMb, page };
  } finally {
    await server.stop();
  }
}
