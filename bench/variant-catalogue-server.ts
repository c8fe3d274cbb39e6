/**
 * The API in memory with issue 24's clothing catalogue (bench/variant-catalogue-data.ts), loaded
 * straight into the stores. Prints one line `heap-mb <n>` once loaded and collected, then serves.
 */
import { buildApp } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import { createAppContext } from '../src/context.js';
import { createMemoryStores } from '../src/stores/memory-stores.js';
import {
  benchVariants,
  childSlug,
  leafCount,
  leafOf,
  productActive,
  productPriceCents,
  rootSlug,
  VARIANT_BENCH,
} from './variant-catalogue-data.js';

async function main(): Promise<void> {
  const config = { ...loadConfig(), seedDemo: false };
  const ctx = createAppContext(config, createMemoryStores(config.uploadDir));
  const { products, categories } = ctx.repos;
  const rootIds: string[] = [];
  for (let r = 0; r < VARIANT_BENCH.roots; r += 1) {
    const id = `cat-${r}`;
    rootIds.push(id);
    await categories.insert({ id, name: `Rayon ${r}`, slug: rootSlug(r), parentId: null, position: r });
  }
  const leafIds: string[] = [];
  for (let leaf = 0; leaf < leafCount(); leaf += 1) {
    const { root, child } = leafOf(leaf);
    const id = `cat-${root}-${child}`;
    leafIds.push(id);
    await categories.insert({
      id,
      name: `Rayon ${root}.${child}`,
      slug: childSlug(root, child),
      parentId: rootIds[root] ?? null,
      position: child,
    });
  }
  const now = Date.now();
  for (let i = 0; i < VARIANT_BENCH.products; i += 1) {
    const id = ctx.ids.uuid();
    const outcome = await products.insert({
      id,
      name: `T-shirt n°${i}`,
      description: `Coton bio, coupe ${i % 2 ? 'droite' : 'ajustée'}.`,
      priceCents: productPriceCents(i),
      active: productActive(i),
      options: [{ name: 'Taille', values: [...VARIANT_BENCH.sizes] }],
      variants: benchVariants(i).map((variant) => ({
        id: ctx.ids.uuid(),
        productId: id,
        sku: `TS-${i}-${variant.size}`,
        options: { Taille: variant.size },
        priceCents: variant.priceCents,
        stockQty: variant.stockQty,
        active: variant.active,
      })),
      categoryIds: [leafIds[i % leafIds.length] ?? ''],
      imageUrl: null,
      createdAt: now - (VARIANT_BENCH.products - i) * 1000,
    });
    if (!outcome.ok) throw new Error(`product ${i} refused: ${outcome.reason}`);
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
