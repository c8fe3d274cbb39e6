import { describe, expect, it } from 'vitest';
import { MemoryProductRepository } from '../../src/catalog/memory-product.repository.js';
import type { PgProductRepository, VersionedProduct } from '../../src/catalog/pg-product.repository.js';
import type { Product } from '../../src/catalog/product.js';
import { ProductReadModel } from '../../src/catalog/product-read-model.js';
import { type ChangeFeed, type ChangeListener, parseChanges } from '../../src/database/change-feed.js';

/**
 * The catalogue copy's rules without a database: a table that answers from a Map, a feed
 * the test drives. The two-instance test (test/database/coherence.test.ts) runs it for real.
 */
const T0 = Date.UTC(2026, 10, 26);
const product = (id: string, fields: Partial<Product> = {}): Product => ({
  id,
  name: `Produit ${id}`,
  description: '',
  priceCents: 1_000,
  stockQty: 10,
  active: true,
  imageUrl: null,
  createdAt: T0,
  ...fields,
});

class FakeTable {
  rows = new Map<string, VersionedProduct>();
  reads = 0;
  put(row: VersionedProduct): void {
    this.rows.set(row.product.id, row);
  }
  async allVersioned(): Promise<VersionedProduct[]> {
    this.reads += 1;
    return [...this.rows.values()].sort((a, b) => a.seq - b.seq);
  }
  async versions(): Promise<Map<string, number>> {
    this.reads += 1;
    return new Map([...this.rows.values()].map((row) => [row.product.id, row.version]));
  }
  async versionedByIds(ids: readonly string[]): Promise<VersionedProduct[]> {
    this.reads += 1;
    return ids.flatMap((id) => this.rows.get(id) ?? []);
  }
  async findById(id: string): Promise<Product | null> {
    this.reads += 1;
    return this.rows.get(id)?.product ?? null;
  }
}

class FakeFeed {
  live = false;
  listener: ChangeListener | null = null;
  subscribe(listener: ChangeListener): void {
    this.listener = listener;
  }
  setLive(live: boolean): void {
    this.live = live;
    this.listener?.onReset(live);
  }
  notify(payload: string): void {
    const changes = parseChanges(payload);
    if (changes !== 'everything') for (const change of changes) this.listener?.onChange(change);
  }
}

async function setup(rows: VersionedProduct[]) {
  const table = new FakeTable();
  for (const row of rows) table.put(row);
  const feed = new FakeFeed();
  const model = new ProductReadModel(table as unknown as PgProductRepository, feed as unknown as ChangeFeed);
  feed.setLive(true);
  await model.settled();
  return { table, feed, model };
}

const turn = () => new Promise((resolve) => setImmediate(resolve));

describe('the catalogue copy kept by each PostgreSQL instance', () => {
  it('serves from the copy once loaded, and from the table while the feed is down', async () => {
    const { table, feed, model } = await setup([{ product: product('a'), seq: 1, version: 0 }]);
    const readsAfterLoad = table.reads;
    expect((await model.findById('a'))?.name).toBe('Produit a');
    expect(table.reads).toBe(readsAfterLoad);

    feed.setLive(false);
    table.put({ product: product('a', { name: 'Changé pendant la coupure' }), seq: 1, version: 1 });
    expect((await model.findById('a'))?.name).toBe('Changé pendant la coupure');
    expect(table.reads).toBe(readsAfterLoad + 1);

    // Back: the copy reloads rather than trusting what it held before the cut.
    feed.setLive(true);
    await model.settled();
    const reads = table.reads;
    expect((await model.findById('a'))?.name).toBe('Changé pendant la coupure');
    expect(table.reads).toBe(reads);
  });

  it('applies a stock-only notification without a read, when it is the next version', async () => {
    const { table, feed, model } = await setup([{ product: product('a'), seq: 1, version: 3 }]);
    const reads = table.reads;
    feed.notify('p|a|4|6|s');
    expect((await model.findById('a'))?.stockQty).toBe(6);
    expect(table.reads).toBe(reads);
  });

  it('reads the row again when a version was skipped or more than the stock changed', async () => {
    const { table, feed, model } = await setup([{ product: product('a'), seq: 1, version: 3 }]);
    table.put({ product: product('a', { stockQty: 2, priceCents: 1_500 }), seq: 1, version: 5 });
    feed.notify('p|a|5|2|s');
    await turn();
    await turn();
    expect(await model.findById('a')).toMatchObject({ stockQty: 2, priceCents: 1_500 });

    table.put({ product: product('a', { stockQty: 2, priceCents: 900 }), seq: 1, version: 6 });
    feed.notify('p|a|6|2|r');
    await turn();
    await turn();
    expect((await model.findById('a'))?.priceCents).toBe(900);
  });

  it('ignores news older than what it holds, whichever way it comes', async () => {
    const { feed, model } = await setup([{ product: product('a'), seq: 1, version: 7 }]);
    model.applyWritten([{ product: product('a', { stockQty: 1 }), seq: 1, version: 6 }]);
    feed.notify('p|a|7|0|s');
    expect((await model.findById('a'))?.stockQty).toBe(10);
    model.applyWritten([{ product: product('a', { stockQty: 4 }), seq: 1, version: 8 }]);
    expect((await model.findById('a'))?.stockQty).toBe(4);
  });

  it('keeps the table’s creation order whatever order the rows arrive in, and forgets deleted rows', async () => {
    const { feed, model } = await setup([{ product: product('a'), seq: 1, version: 0 }]);
    model.applyWritten([{ product: product('c'), seq: 9, version: 0 }]);
    model.applyWritten([{ product: product('b'), seq: 4, version: 0 }]);
    const page = await model.search({ sort: 'oldest', limit: 10, offset: 0 });
    expect(page.items.map((p) => p.id)).toEqual(['a', 'b', 'c']);
    feed.notify('p|b|d');
    expect(await model.findById('b')).toBeNull();
    expect((await model.search({ sort: 'newest', limit: 10, offset: 0 })).items.map((p) => p.id)).toEqual([
      'c',
      'a',
    ]);
  });

  it('catches up with the table on its own, whatever announcement was lost', async () => {
    const { table, model } = await setup([
      { product: product('a'), seq: 1, version: 3 },
      { product: product('gone'), seq: 2, version: 0 },
    ]);
    // Three writes nobody announced: a stock move, a new product, a deleted one.
    table.put({ product: product('a', { stockQty: 1 }), seq: 1, version: 4 });
    table.put({ product: product('new'), seq: 3, version: 0 });
    table.rows.delete('gone');
    await model.reconcile();
    await turn();
    await turn();
    expect((await model.findById('a'))?.stockQty).toBe(1);
    expect((await model.findById('new'))?.name).toBe('Produit new');
    expect(await model.findById('gone')).toBeNull();
    model.close();
  });

  it('keeps a row it wrote while comparing, although the comparison did not see it', async () => {
    const { model } = await setup([{ product: product('a'), seq: 1, version: 0 }]);
    const comparing = model.reconcile();
    model.applyWritten([{ product: product('n'), seq: 2, version: 0 }]);
    await comparing;
    expect((await model.findById('n'))?.name).toBe('Produit n');
    model.close();
  });

  it('replays over the snapshot what arrived while it was loading', async () => {
    const table = new FakeTable();
    table.put({ product: product('a'), seq: 1, version: 0 });
    const feed = new FakeFeed();
    const model = new ProductReadModel(
      table as unknown as PgProductRepository,
      feed as unknown as ChangeFeed,
    );
    feed.setLive(true);
    // Written by this instance before the snapshot answered: must not be lost when the copy is swapped in.
    model.applyWritten([{ product: product('n'), seq: 2, version: 0 }]);
    await model.settled();
    expect((await model.findById('n'))?.name).toBe('Produit n');
  });
});

describe('the memory index as a mirror', () => {
  it('re-indexes a mirrored rename for search and name order, and sets stock alone', async () => {
    const index = new MemoryProductRepository();
    index.mirror(product('a', { name: 'Zèbre' }), 1);
    index.mirror(product('b', { name: 'Âne' }), 2);
    index.mirror(product('a', { name: 'Abeille' }), 1);
    expect((await index.search({ sort: 'name', limit: 5, offset: 0 })).items.map((p) => p.id)).toEqual([
      'a',
      'b',
    ]);
    expect((await index.search({ text: 'abeille', sort: 'oldest', limit: 5, offset: 0 })).total).toBe(1);
    expect(index.mirrorStock('b', 0)).toBe(true);
    expect(index.mirrorStock('zz', 0)).toBe(false);
    expect((await index.findById('b'))?.stockQty).toBe(0);
    index.forget('a');
    expect((await index.summarize(0)).total).toBe(1);
    expect((await index.search({ sort: 'name', limit: 5, offset: 0 })).items.map((p) => p.id)).toEqual(['b']);
  });
});
