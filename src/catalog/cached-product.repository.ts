import type { Clock } from '../shared/clock.js';
import { TtlCache } from '../shared/ttl-cache.js';
import {
  copyProduct,
  type NewProduct,
  type Product,
  type ProductPatch,
  type StockLine,
  type Variant,
  type VariantPatch,
} from './product.js';
import type {
  ProductRepository,
  ProductSummary,
  ProductWriteOutcome,
  ReserveOutcome,
} from './product.repository.js';
import type { ProductPage, ProductQuery } from './product-query.js';

/** Products and pages kept at once, at most: a catalogue page of every filter a client may send stays bounded. */
const MAX_PRODUCTS = 10_000;
const MAX_PAGES = 1_000;

const copyOf = copyProduct;

/** Every field of a query, in one fixed order: two equal queries share one entry. */
const keyOf = (q: ProductQuery): string =>
  JSON.stringify([
    q.text,
    q.minPriceCents,
    q.maxPriceCents,
    q.inStock,
    q.categoryIds,
    q.options,
    q.sort,
    q.limit,
    q.offset,
    q.after,
  ]);

/**
 * The public catalogue's reads (a page, a product, the products of a cart) served from memory
 * for at most `ttlMs` after they were read from `table`: whatever writes the table (this
 * instance, another one, psql), every instance serves it within that bound. This instance's
 * own writes, through here or reported by `changed()`, clear the cache, so a client reads what
 * it just wrote at once. Everything else (the admin's lists, stock decisions) reads the table.
 */
export class CachedProductRepository implements ProductRepository {
  private readonly products: TtlCache<Product>;
  private readonly pages: TtlCache<ProductPage>;

  constructor(
    private readonly table: ProductRepository,
    ttlMs: number,
    clock?: Clock,
  ) {
    this.products = new TtlCache(ttlMs, MAX_PRODUCTS, clock);
    this.pages = new TtlCache(ttlMs, MAX_PAGES, clock);
  }

  /** This instance wrote products elsewhere (a unit of work, a checkout): read them again. */
  changed = (): void => {
    this.products.clear();
    this.pages.clear();
  };

  async findById(id: string): Promise<Product | null> {
    const product = await this.products.through(id, () => this.table.findById(id));
    return product && copyOf(product);
  }

  async findManyByIds(ids: readonly string[]): Promise<Map<string, Product>> {
    const found = await this.products.throughMany(ids, (missing) => this.table.findManyByIds(missing));
    return new Map([...found].map(([id, product]) => [id, copyOf(product)]));
  }

  /** Cached by variant id, in the same bounded cache: a cart's lines are variants. */
  async findByVariantIds(variantIds: readonly string[]): Promise<Map<string, Product>> {
    const keys = variantIds.map((id) => `variant:${id}`);
    const found = await this.products.throughMany(keys, async (missing) => {
      const read = await this.table.findByVariantIds(missing.map((key) => key.slice('variant:'.length)));
      return new Map([...read].map(([id, product]) => [`variant:${id}`, product]));
    });
    return new Map([...found].map(([key, product]) => [key.slice('variant:'.length), copyOf(product)]));
  }

  async search(query: ProductQuery): Promise<ProductPage> {
    const page = await this.pages.through(keyOf(query), () => this.table.search(query));
    return { ...page, items: page.items.map(copyOf) };
  }

  listAll(): Promise<Product[]> {
    return this.table.listAll();
  }

  summarize(lowStockBelow: number): Promise<ProductSummary> {
    return this.table.summarize(lowStockBelow);
  }

  countListed(groups: ReadonlyMap<string, readonly string[]>): Promise<Map<string, number>> {
    return this.table.countListed(groups);
  }

  insert(product: NewProduct): Promise<ProductWriteOutcome> {
    return this.written(this.table.insert(product));
  }

  update(id: string, patch: ProductPatch): Promise<ProductWriteOutcome> {
    return this.written(this.table.update(id, patch));
  }

  addVariant(variant: Variant): Promise<ProductWriteOutcome> {
    return this.written(this.table.addVariant(variant));
  }

  updateVariant(variantId: string, patch: VariantPatch): Promise<ProductWriteOutcome> {
    return this.written(this.table.updateVariant(variantId, patch));
  }

  setVariantStock(variantId: string, stockQty: number): Promise<Product | null> {
    return this.written(this.table.setVariantStock(variantId, stockQty));
  }

  reserve(lines: readonly StockLine[]): Promise<ReserveOutcome> {
    return this.written(this.table.reserve(lines));
  }

  release(lines: readonly StockLine[]): Promise<void> {
    return this.written(this.table.release(lines));
  }

  /** Cleared once the write is done, failed or not (a failure may still have written). */
  private async written<T>(write: Promise<T>): Promise<T> {
    try {
      return await write;
    } finally {
      this.changed();
    }
  }
}
