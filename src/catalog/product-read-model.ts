import type { ChangeFeed, ChangeListener, StoreChange } from '../database/change-feed.js';
import { MemoryProductRepository } from './memory-product.repository.js';
import type { PgProductRepository, VersionedProduct } from './pg-product.repository.js';
import type { Product, ProductPatch, StockLine } from './product.js';
import type { ProductRepository, ProductSummary, ReserveOutcome } from './product.repository.js';
import type { ProductPage, ProductQuery } from './product-query.js';

const RETRY_MS = 1_000;
/**
 * How often the copy compares every product's version with the table's. Announcements of stock
 * moves leave their process after commit (`StockAnnouncer`): one killed in between is never
 * heard, and this bounds how long the others show what it sold as still there.
 */
export const RECONCILE_EVERY_MS = 30_000;

/**
 * The catalogue as every instance serves it: a copy of the products table kept in memory
 * (the in-memory store's own index, so search and sort mean the same in both modes) and
 * kept current by the change feed. Reads come from the copy while the feed is live and the
 * copy loaded, from the table otherwise. Writes go to the table, and each row a write
 * returns is applied here at once, so an instance reads its own writes; other instances
 * learn of it from the notification, within milliseconds. Stock decisions (reserve,
 * release) are always taken by the database; the copy only shows stock.
 */
export class ProductReadModel implements ProductRepository, ChangeListener {
  private copy = new MemoryProductRepository();
  private versions = new Map<string, number>();
  private serving = false;
  /** While a snapshot loads, what arrives meanwhile waits here and is replayed over it. */
  private arrivedDuringLoad: (VersionedProduct | StoreChange)[] | null = null;
  private loading: Promise<void> = Promise.resolve();
  private readonly toRead = new Set<string>();
  private readScheduled = false;
  private readonly reconciler: NodeJS.Timeout;

  constructor(
    private readonly table: PgProductRepository,
    private readonly feed: ChangeFeed,
    reconcileEveryMs = RECONCILE_EVERY_MS,
  ) {
    feed.subscribe(this);
    this.reconciler = setInterval(() => {
      this.reconcile().catch(() => {
        // The table could not be read: the next round tries again, and an outage resets the feed anyway.
      });
    }, reconcileEveryMs);
    this.reconciler.unref();
  }

  close(): void {
    clearInterval(this.reconciler);
  }

  /**
   * Reads again every row whose version in the table is newer than the copy's (or that the copy
   * lacks), and forgets rows the table no longer has: one query of ids and versions.
   */
  async reconcile(): Promise<void> {
    if (!this.serving || this.arrivedDuringLoad) return;
    // Only rows held before the query can be judged gone: one inserted meanwhile may be missing from its answer.
    const held = new Set(this.versions.keys());
    const current = await this.table.versions();
    if (!this.serving) return;
    for (const [id, version] of current) {
      if ((this.versions.get(id) ?? -1) < version) this.readSoon(id);
    }
    for (const id of held) {
      if (!current.has(id)) this.applyChange({ kind: 'product-deleted', id });
    }
  }

  /** Settles once the copy serves (or the feed is down and the table serves). */
  settled(): Promise<void> {
    return this.loading;
  }

  /** Rows written by this instance, in or out of a unit of work (after its commit). */
  applyWritten = (rows: VersionedProduct[]): void => {
    this.arrivedDuringLoad?.push(...rows);
    for (const row of rows) this.applyRow(row);
  };

  onReset(live: boolean): void {
    this.serving = false;
    if (live) this.loading = this.load();
  }

  onChange(change: StoreChange): void {
    if (change.kind !== 'product' && change.kind !== 'product-deleted') return;
    if (this.arrivedDuringLoad) this.arrivedDuringLoad.push(change);
    else if (this.serving) this.applyChange(change);
  }

  insert(product: Product): Promise<void> {
    return this.table.insert(product);
  }

  findById(id: string): Promise<Product | null> {
    return this.serving ? this.copy.findById(id) : this.table.findById(id);
  }

  findManyByIds(ids: readonly string[]): Promise<Map<string, Product>> {
    return this.serving ? this.copy.findManyByIds(ids) : this.table.findManyByIds(ids);
  }

  search(query: ProductQuery): Promise<ProductPage> {
    return this.serving ? this.copy.search(query) : this.table.search(query);
  }

  listAll(): Promise<Product[]> {
    return this.serving ? this.copy.listAll() : this.table.listAll();
  }

  update(id: string, patch: ProductPatch): Promise<Product | null> {
    return this.table.update(id, patch);
  }

  summarize(lowStockBelow: number): Promise<ProductSummary> {
    return this.serving ? this.copy.summarize(lowStockBelow) : this.table.summarize(lowStockBelow);
  }

  reserve(lines: readonly StockLine[]): Promise<ReserveOutcome> {
    return this.table.reserve(lines);
  }

  release(lines: readonly StockLine[]): Promise<void> {
    return this.table.release(lines);
  }

  private async load(): Promise<void> {
    const arrived: (VersionedProduct | StoreChange)[] = [];
    this.arrivedDuringLoad = arrived;
    try {
      const snapshot = await this.table.allVersioned();
      if (this.arrivedDuringLoad !== arrived || !this.feed.live) return;
      this.copy = new MemoryProductRepository();
      this.versions = new Map();
      for (const row of snapshot) this.applyRow(row);
      this.arrivedDuringLoad = null;
      for (const item of arrived) 'product' in item ? this.applyRow(item) : this.applyChange(item);
      this.serving = true;
    } catch {
      // The table serves meanwhile; try again in a second while the feed is up.
      setTimeout(() => {
        if (this.feed.live && !this.serving && !this.arrivedDuringLoad) this.onReset(true);
      }, RETRY_MS).unref();
    } finally {
      if (this.arrivedDuringLoad === arrived) this.arrivedDuringLoad = null;
    }
  }

  private applyRow({ product, seq, version }: VersionedProduct): void {
    const known = this.versions.get(product.id);
    if (known !== undefined && known >= version) return;
    this.copy.mirror(product, seq);
    this.versions.set(product.id, version);
  }

  private applyChange(change: StoreChange): void {
    if (change.kind === 'product-deleted') {
      this.copy.forget(change.id);
      this.versions.delete(change.id);
      return;
    }
    if (change.kind !== 'product') return;
    const known = this.versions.get(change.id);
    if (known !== undefined && known >= change.version) return;
    if (
      change.stock !== null &&
      known === change.version - 1 &&
      this.copy.mirrorStock(change.id, change.stock)
    ) {
      this.versions.set(change.id, change.version);
      return;
    }
    this.readSoon(change.id);
  }

  /** Rows to read again are gathered and read in one query per turn of the event loop. */
  private readSoon(id: string): void {
    this.toRead.add(id);
    if (this.readScheduled) return;
    this.readScheduled = true;
    setImmediate(() => {
      this.readScheduled = false;
      const ids = [...this.toRead];
      this.toRead.clear();
      this.table.versionedByIds(ids).then(
        (rows) => {
          for (const row of rows) this.applyRow(row);
        },
        // A row that could not be read again leaves the copy behind: serve from the table and reload.
        () => this.onReset(this.feed.live),
      );
    });
  }
}
