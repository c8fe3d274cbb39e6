import { UndoableStore } from '../database/undo-log.js';
import { type Product, type ProductPatch, type StockLine, totalsByProduct } from './product.js';
import type { ProductRepository, ProductSummary, ReserveOutcome } from './product.repository.js';
import { foldForSearch, type PagePosition, type ProductPage, type ProductQuery } from './product-query.js';

/** A stored product with what searching and sorting need, computed when it changes, not per query. */
interface Entry {
  product: Product;
  /** Insertion rank: "oldest first" and the tie-breaker of every order. */
  seq: number;
  nameKey: string;
  haystack: string;
}

type Key = (string | number)[];
type SortedBy = 'name' | 'price';

const keyOf: Record<'creation' | SortedBy, (entry: Entry) => Key> = {
  creation: (e) => [e.seq],
  name: (e) => [e.nameKey, e.seq],
  price: (e) => [e.product.priceCents, e.seq],
};

function compareKeys(a: Key, b: Key): number {
  for (let i = 0; i < Math.max(a.length, b.length); i += 1) {
    const [x, y] = [a[i], b[i]];
    if (x === y) continue;
    if (x === undefined) return -1;
    if (y === undefined) return 1;
    if (typeof x === 'string' && typeof y === 'string') return compareCodePoints(x, y);
    return x < y ? -1 : 1;
  }
  return 0;
}

/**
 * Unicode code point order (PostgreSQL's COLLATE "C" on UTF-8), not JavaScript's UTF-16
 * unit order, which puts '🎁' (surrogates D83C…) before 'ﬁ' (FB01).
 */
function compareCodePoints(a: string, b: string): number {
  const length = Math.min(a.length, b.length);
  for (let i = 0; i < length; i += 1) {
    const [x, y] = [a.charCodeAt(i), b.charCodeAt(i)];
    if (x !== y) return codePointRank(x) < codePointRank(y) ? -1 : 1;
  }
  return a.length - b.length;
}

/** Moves surrogates above U+E000–U+FFFF, so comparing units compares code points. */
const codePointRank = (unit: number): number =>
  unit >= 0xe000 ? unit - 0x800 : unit >= 0xd800 ? unit + 0x2000 : unit;

/** How each sort walks one of the three orders the store keeps. */
const WALKS = {
  oldest: { order: 'creation', reverse: false },
  newest: { order: 'creation', reverse: true },
  name: { order: 'name', reverse: false },
  price: { order: 'price', reverse: false },
  '-price': { order: 'price', reverse: true },
} as const;

/**
 * Each method runs to completion without an `await` between its reads and writes,
 * so interleaved requests see every reservation as all-or-nothing. Products are kept
 * in creation order, and in name and price order re-sorted lazily after a change, so a
 * page of a large catalogue is a scan, never a sort.
 */
export class MemoryProductRepository extends UndoableStore implements ProductRepository {
  private readonly byId = new Map<string, Entry>();
  private readonly creation: Entry[] = [];
  private readonly sorted: Record<SortedBy, { entries: Entry[]; dirty: boolean }> = {
    name: { entries: [], dirty: false },
    price: { entries: [], dirty: false },
  };
  async insert(product: Product): Promise<void> {
    const entry: Entry = { product: { ...product }, seq: this.creation.length, ...textIndex(product) };
    this.byId.set(product.id, entry);
    this.creation.push(entry);
    for (const order of Object.values(this.sorted)) {
      order.entries.push(entry);
      order.dirty = true;
    }
  }

  async findById(id: string): Promise<Product | null> {
    const entry = this.byId.get(id);
    return entry ? { ...entry.product } : null;
  }

  async findManyByIds(ids: readonly string[]): Promise<Map<string, Product>> {
    const found = new Map<string, Product>();
    for (const id of ids) {
      const entry = this.byId.get(id);
      if (entry) found.set(id, { ...entry.product });
    }
    return found;
  }

  async search(query: ProductQuery): Promise<ProductPage> {
    const matches = matcher(query);
    let total = 0;
    for (const entry of this.creation) if (matches(entry)) total += 1;

    const walk = WALKS[query.sort];
    const entries = walk.order === 'creation' ? this.creation : this.sortedEntries(walk.order);
    const key = keyOf[walk.order];
    const step = walk.reverse ? -1 : 1;
    let index = walk.reverse ? entries.length - 1 : 0;
    if (query.after) index = startAfter(entries, key, query.after.key, walk.reverse);

    const items: Product[] = [];
    let skip = query.after ? 0 : query.offset;
    let last: Entry | undefined;
    let hasMore = false;
    for (; index >= 0 && index < entries.length; index += step) {
      const entry = entries[index] as Entry;
      if (!matches(entry)) continue;
      if (skip > 0) {
        skip -= 1;
        continue;
      }
      if (items.length === query.limit) {
        hasMore = true;
        break;
      }
      items.push({ ...entry.product });
      last = entry;
    }
    const next: PagePosition | null = hasMore && last ? { sort: query.sort, key: key(last) } : null;
    return { items, total, next };
  }

  async listAll(): Promise<Product[]> {
    return this.creation.map((entry) => ({ ...entry.product }));
  }

  async update(id: string, patch: ProductPatch): Promise<Product | null> {
    const entry = this.byId.get(id);
    if (!entry) return null;
    const before = { ...entry.product };
    this.undo.record(() => this.apply(entry, pick(before, patch)));
    this.apply(entry, patch);
    return { ...entry.product };
  }

  async summarize(lowStockBelow: number): Promise<ProductSummary> {
    const lowStock: Product[] = [];
    for (const { product } of this.creation)
      if (product.active && product.stockQty < lowStockBelow) lowStock.push({ ...product });
    return { total: this.byId.size, lowStock };
  }

  async reserve(lines: readonly StockLine[]): Promise<ReserveOutcome> {
    const wanted = totalsByProduct(lines);
    for (const [productId, quantity] of wanted) {
      const product = this.byId.get(productId)?.product;
      if (!product) return { ok: false, reason: 'NOT_FOUND', productId, productName: null };
      if (!product.active) return { ok: false, reason: 'INACTIVE', productId, productName: product.name };
      if (product.stockQty < quantity) {
        return { ok: false, reason: 'INSUFFICIENT_STOCK', productId, productName: product.name };
      }
    }
    const reserved: Product[] = [];
    for (const [productId, quantity] of wanted) {
      const product = (this.byId.get(productId) as Entry).product;
      reserved.push({ ...product });
      product.stockQty -= quantity;
    }
    this.undo.record(() => this.addStock(wanted, +1));
    return { ok: true, products: reserved };
  }

  async release(lines: readonly StockLine[]): Promise<void> {
    const given = totalsByProduct(lines);
    this.addStock(given, +1);
    this.undo.record(() => this.addStock(given, -1));
  }

  /** Relative moves, so undoing one never overwrites another unit's stock change. */
  private addStock(quantities: Map<string, number>, sign: 1 | -1): void {
    for (const [productId, quantity] of quantities) {
      const product = this.byId.get(productId)?.product;
      if (product) product.stockQty += sign * quantity;
    }
  }

  /** Only the fields the patch names are written: a price change never touches the stock. */
  private apply(entry: Entry, patch: ProductPatch): void {
    Object.assign(entry.product, definedOnly(patch));
    if (patch.name !== undefined || patch.description !== undefined)
      Object.assign(entry, textIndex(entry.product));
    if (patch.name !== undefined) this.sorted.name.dirty = true;
    if (patch.priceCents !== undefined) this.sorted.price.dirty = true;
  }

  private sortedEntries(order: SortedBy): Entry[] {
    const sorted = this.sorted[order];
    if (sorted.dirty) {
      const key = keyOf[order];
      sorted.entries.sort((a, b) => compareKeys(key(a), key(b)));
      sorted.dirty = false;
    }
    return sorted.entries;
  }
}

const definedOnly = (patch: ProductPatch): ProductPatch =>
  Object.fromEntries(Object.entries(patch).filter(([, value]) => value !== undefined));

/** The values `product` holds for the fields `patch` names. */
const pick = (product: Product, patch: ProductPatch): ProductPatch =>
  Object.fromEntries(
    Object.keys(definedOnly(patch)).map((field) => [field, product[field as keyof Product]]),
  );

/** What search and the name order read, folded once per write instead of once per query. */
function textIndex(product: Product): Pick<Entry, 'nameKey' | 'haystack'> {
  const nameKey = foldForSearch(product.name);
  return { nameKey, haystack: `${nameKey}\n${foldForSearch(product.description)}` };
}

function matcher(query: ProductQuery): (entry: Entry) => boolean {
  const { text, minPriceCents, maxPriceCents, inStock } = query;
  return ({ product, haystack }) =>
    product.active &&
    (minPriceCents === undefined || product.priceCents >= minPriceCents) &&
    (maxPriceCents === undefined || product.priceCents <= maxPriceCents) &&
    (inStock !== true || product.stockQty > 0) &&
    (inStock !== false || product.stockQty === 0) &&
    (text === undefined || haystack.includes(text));
}

/** The first index to visit after `position`: binary search in ascending key order. */
function startAfter(entries: Entry[], key: (entry: Entry) => Key, position: Key, reverse: boolean): number {
  let low = 0;
  let high = entries.length;
  // Ascending: first entry strictly after the position. Reverse: last entry strictly before it.
  while (low < high) {
    const mid = (low + high) >>> 1;
    const cmp = compareKeys(key(entries[mid] as Entry), position);
    if (reverse ? cmp < 0 : cmp <= 0) low = mid + 1;
    else high = mid;
  }
  return reverse ? low - 1 : low;
}
