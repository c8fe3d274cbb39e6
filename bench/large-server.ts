/**
 * The API with a large data set: 100,000 products and 100,000 orders, loaded straight
 * into the stores (the rules are not what is measured here). Prints one line
 * `heap-mb <n>` once loaded and collected, then serves.
 */
import { buildApp } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import { createAppContext } from '../src/context.js';
import { newOrder, type Order } from '../src/orders/order.js';
import { createMemoryStores } from '../src/stores/memory-stores.js';

const PRODUCTS = Number(process.env.BENCH_LARGE_PRODUCTS ?? 100_000);
const ORDERS = Number(process.env.BENCH_LARGE_ORDERS ?? 100_000);

const WORDS = [
  'laine',
  'coton',
  'lin',
  'soie',
  'cuir',
  'denim',
  'velours',
  'écharpe',
  'pull',
  'veste',
  'jean',
  'bonnet',
  'gants',
  'chemise',
];
const COLOURS = ['Blanc', 'Noir', 'Gris', 'Bleu', 'Rouge', 'Vert', 'Beige', 'Marron'];
const pick = <T>(list: readonly T[], i: number): T => list[i % list.length] as T;

async function main(): Promise<void> {
  const config = { ...loadConfig(), seedDemo: false };
  const ctx = createAppContext(config, createMemoryStores(config.uploadDir));
  const { products, orders } = ctx.repos;
  const ids: string[] = [];
  const now = Date.now();
  for (let i = 0; i < PRODUCTS; i += 1) {
    const id = ctx.ids.uuid();
    ids.push(id);
    await products.insert({
      id,
      name: `${pick(WORDS, i).replace(/^./, (c) => c.toUpperCase())} ${pick(COLOURS, i * 7)} n°${i}`,
      description: `Article en ${pick(WORDS, i * 3)} et ${pick(WORDS, i * 5)}, coupe ${pick(COLOURS, i)}.`,
      priceCents: 500 + ((i * 7919) % 20_000),
      active: i % 10 !== 0,
      options: [],
      variants: [
        {
          id,
          productId: id,
          sku: `SKU-${i}`,
          options: {},
          priceCents: null,
          stockQty: (i * 13) % 50,
          active: true,
        },
      ],
      categoryIds: [],
      imageUrl: null,
      createdAt: now - (PRODUCTS - i) * 1000,
    });
  }
  for (let i = 0; i < ORDERS; i += 1) {
    const lines = 1 + (i % 3);
    const items = Array.from({ length: lines }, (_, k) => ({
      productId: pick(ids, i * 31 + k),
      variantId: pick(ids, i * 31 + k),
      sku: 'SKU',
      options: {},
      name: `Article ${i}-${k}`,
      unitPriceCents: 1000 + k,
      quantity: 1 + k,
      imageUrl: null,
    }));
    const at = now - i * 1000;
    const order: Order = {
      ...newOrder({ id: ctx.ids.uuid(), userId: `user-${i % 5000}`, items, shippingAddress: null, at }),
      status: 'PAYEE',
      paidAt: at,
      paymentId: ctx.ids.uuid(),
      history: [
        { status: 'CREE', at, actor: 'customer' },
        { status: 'PAYEE', at, actor: 'customer' },
      ],
    };
    await orders.insert(order);
  }
  globalThis.gc?.();
  console.log(`heap-mb ${(process.memoryUsage().heapUsed / 1024 / 1024).toFixed(1)}`);
  const app = await buildApp(ctx);
  await app.listen({ port: config.port, host: config.host });
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
