import { UndoableStore } from '../database/undo-log.js';
import {
  copyProduct,
  copyVariant,
  isListed,
  type NewProduct,
  type OptionValues,
  type Product,
  type ProductPatch,
  type StockLine,
  totalsByVariant,
  type Variant,
  type VariantPatch,
  variantPriceCents,
  withTotals,
} from './product.js';
import type {
  LowStockVariant,
  ProductRepository,
  ProductSummary,
  ProductWriteOutcome,
  ReservedVariant,
  ReserveOutcome,
} from './product.repository.js';
import { refusalToReserve } from './product.repository.js';
import { foldForSearch, type PagePosition, type ProductPage, type ProductQuery } from './product-query.js';

/** A stored product with what searching and sorting need, computed when it changes, not per query. */
interface Entry {
  /** As stored; its derived fields (price "à partir de", stock) are kept up to date on every write. */
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
  price: (e) => [e.product.fromPriceCents, e.seq],
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
 * page of a large catalogue is a scan, never a sort. `categoryExists` tells whether a
 * category may be given to a product, in the same step as the write.
 */
export class MemoryProductRepository extends UndoableStore implements ProductRepository {
  private readonly byId = new Map<string, Entry>();
  private readonly byVariantId = new Map<string, Entry>();
  private readonly skus = new Map<string, string>();
  private readonly members = new Map<string, Set<string>>();
  private readonly creation: Entry[] = [];
  private readonly sorted: Record<SortedBy, { entries: Entry[]; dirty: boolean }> = {
    name: { entries: [], dirty: false },
    price: { entries: [], dirty: false },
  };

  constructor(private readonly categoryExists: (categoryId: string) => boolean = () => false) {
    super();
  }

  async insert(product: NewProduct): Promise<ProductWriteOutcome> {
    const refusal = this.refusalOf(product.variants, product.categoryIds);
    if (refusal) return { ok: false, reason: refusal };
    const stored = copyProduct(withTotals(product));
    stored.categoryIds = inIdOrder(stored.categoryIds);
    const entry: Entry = { product: stored, seq: this.creation.length, ...textIndex(stored) };
    this.byId.set(product.id, entry);
    for (const variant of stored.variants) this.indexVariant(entry, variant);
    this.join(product.id, stored.categoryIds);
    this.creation.push(entry);
    for (const order of Object.values(this.sorted)) {
      order.entries.push(entry);
      order.dirty = true;
    }
    return { ok: true, product: copyProduct(stored) };
  }

  async findById(id: string): Promise<Product | null> {
    const entry = this.byId.get(id);
    return entry ? copyProduct(entry.product) : null;
  }

  async findManyByIds(ids: readonly string[]): Promise<Map<string, Product>> {
    const found = new Map<string, Product>();
    for (const id of ids) {
      const entry = this.byId.get(id);
      if (entry) found.set(id, copyProduct(entry.product));
    }
    return found;
  }

  async findByVariantIds(variantIds: readonly string[]): Promise<Map<string, Product>> {
    const found = new Map<string, Product>();
    for (const id of variantIds) {
      const entry = this.byVariantId.get(id);
      if (entry) found.set(id, copyProduct(entry.product));
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
      items.push(copyProduct(entry.product));
      last = entry;
    }
    const next: PagePosition | null = hasMore && last ? { sort: query.sort, key: key(last) } : null;
    return { items, total, next };
  }

  async listAll(): Promise<Product[]> {
    return this.creation.map((entry) => copyProduct(entry.product));
  }

  async update(id: string, patch: ProductPatch): Promise<ProductWriteOutcome> {
    const entry = this.byId.get(id);
    if (!entry) return { ok: false, reason: 'NOT_FOUND' };
    if (patch.categoryIds && this.refusalOf([], patch.categoryIds)) {
      return { ok: false, reason: 'CATEGORY_NOT_FOUND' };
    }
    const before = copyProduct(entry.product);
    this.undo.record(() => this.apply(entry, pick(before, patch)));
    this.apply(entry, patch);
    return { ok: true, product: copyProduct(entry.product) };
  }

  async addVariant(variant: Variant): Promise<ProductWriteOutcome> {
    const entry = this.byId.get(variant.productId);
    if (!entry) return { ok: false, reason: 'NOT_FOUND' };
    const refusal = this.refusalOf([...entry.product.variants, variant], [], entry.product.variants);
    if (refusal) return { ok: false, reason: refusal };
    const stored = copyVariant(variant);
    entry.product.variants.push(stored);
    this.indexVariant(entry, stored);
    this.refreshTotals(entry);
    return { ok: true, product: copyProduct(entry.product) };
  }

  async updateVariant(variantId: string, patch: VariantPatch): Promise<ProductWriteOutcome> {
    const entry = this.byVariantId.get(variantId);
    const variant = entry?.product.variants.find((v) => v.id === variantId);
    if (!entry || !variant) return { ok: false, reason: 'NOT_FOUND' };
    if (patch.sku !== undefined && patch.sku !== variant.sku) {
      if (this.skus.has(patch.sku)) return { ok: false, reason: 'SKU_TAKEN' };
      this.skus.delete(variant.sku);
      this.skus.set(patch.sku, variant.id);
    }
    Object.assign(variant, definedOnly(patch));
    this.refreshTotals(entry);
    return { ok: true, product: copyProduct(entry.product) };
  }

  async setVariantStock(variantId: string, stockQty: number): Promise<Product | null> {
    const entry = this.byVariantId.get(variantId);
    const variant = entry?.product.variants.find((v) => v.id === variantId);
    if (!entry || !variant) return null;
    variant.stockQty = stockQty;
    this.refreshTotals(entry);
    return copyProduct(entry.product);
  }

  async summarize(lowStockBelow: number): Promise<ProductSummary> {
    const lowStock: Product[] = [];
    const lowStockVariants: LowStockVariant[] = [];
    for (const { product } of this.creation) {
      if (!product.active) continue;
      const low = product.variants.filter((v) => v.active && v.stockQty < lowStockBelow);
      if (low.length === 0) continue;
      const copy = copyProduct(product);
      lowStock.push(copy);
      for (const variant of low) lowStockVariants.push({ product: copy, variant: copyVariant(variant) });
    }
    return { total: this.byId.size, lowStock, lowStockVariants };
  }

  async countListed(groups: ReadonlyMap<string, readonly string[]>): Promise<Map<string, number>> {
    const counts = new Map<string, number>();
    for (const [group, categoryIds] of groups) {
      const products = new Set<string>();
      for (const categoryId of categoryIds)
        for (const productId of this.members.get(categoryId) ?? []) {
          const entry = this.byId.get(productId);
          if (entry && isListed(entry.product)) products.add(productId);
        }
      counts.set(group, products.size);
    }
    return counts;
  }

  /** Synchronous, for the category store's delete, which must decide in the same step. */
  isCategoryUsed(categoryId: string): boolean {
    return (this.members.get(categoryId)?.size ?? 0) > 0;
  }

  async reserve(lines: readonly StockLine[]): Promise<ReserveOutcome> {
    const wanted = totalsByVariant(lines);
    const found: [Entry, Variant, number][] = [];
    for (const [variantId, quantity] of wanted) {
      const entry = this.byVariantId.get(variantId);
      const refusal = refusalToReserve(entry?.product, variantId, quantity);
      if (refusal) return refusal;
      const variant = entry?.product.variants.find((v) => v.id === variantId);
      if (entry && variant) found.push([entry, variant, quantity]);
    }
    const reserved: ReservedVariant[] = found.map(([entry, variant, quantity]) => {
      const snapshot = {
        product: { id: entry.product.id, name: entry.product.name, imageUrl: entry.product.imageUrl },
        variant: copyVariant(variant),
        unitPriceCents: variantPriceCents(entry.product, variant),
      };
      variant.stockQty -= quantity;
      this.refreshTotals(entry);
      return snapshot;
    });
    this.undo.record(() => this.addStock(wanted, +1));
    return { ok: true, reserved };
  }

  async release(lines: readonly StockLine[]): Promise<void> {
    const given = totalsByVariant(lines);
    this.addStock(given, +1);
    this.undo.record(() => this.addStock(given, -1));
  }

  /** Relative moves, so undoing one never overwrites another unit's stock change. */
  private addStock(quantities: Map<string, number>, sign: 1 | -1): void {
    for (const [variantId, quantity] of quantities) {
      const entry = this.byVariantId.get(variantId);
      const variant = entry?.product.variants.find((v) => v.id === variantId);
      if (!entry || !variant) continue;
      variant.stockQty += sign * quantity;
      this.refreshTotals(entry);
    }
  }

  /**
   * Why `variants` (added to `existing`) or `categoryIds` cannot be stored: a SKU another
   * variant holds, two variants of one combination, an unknown category.
   */
  private refusalOf(
    variants: readonly Variant[],
    categoryIds: readonly string[],
    existing: readonly Variant[] = [],
  ): 'SKU_TAKEN' | 'COMBINATION_TAKEN' | 'CATEGORY_NOT_FOUND' | null {
    const skus = new Set<string>();
    const combinations = new Set<string>();
    const kept = new Set(existing.map((variant) => variant.id));
    // Row by row, the SKU before the combination: the order PostgreSQL checks its unique indexes in.
    for (const variant of variants) {
      const combination = combinationKey(variant.options);
      if (!kept.has(variant.id)) {
        if (skus.has(variant.sku) || this.skus.has(variant.sku)) return 'SKU_TAKEN';
        skus.add(variant.sku);
      }
      if (combinations.has(combination)) return 'COMBINATION_TAKEN';
      combinations.add(combination);
    }
    return categoryIds.every(this.categoryExists) ? null : 'CATEGORY_NOT_FOUND';
  }

  private indexVariant(entry: Entry, variant: Variant): void {
    this.byVariantId.set(variant.id, entry);
    this.skus.set(variant.sku, variant.id);
  }

  private join(productId: string, categoryIds: readonly string[]): void {
    for (const categoryId of categoryIds) {
      let set = this.members.get(categoryId);
      if (!set) {
        set = new Set();
        this.members.set(categoryId, set);
      }
      set.add(productId);
    }
  }

  private leave(productId: string, categoryIds: readonly string[]): void {
    for (const categoryId of categoryIds) this.members.get(categoryId)?.delete(productId);
  }

  /** Only the fields the patch names are written: a price change never touches the stock. */
  private apply(entry: Entry, patch: ProductPatch): void {
    const fields = definedOnly(patch);
    if (fields.categoryIds) {
      this.leave(entry.product.id, entry.product.categoryIds);
      this.join(entry.product.id, fields.categoryIds);
      fields.categoryIds = inIdOrder(fields.categoryIds);
    }
    Object.assign(entry.product, fields);
    if (patch.name !== undefined || patch.description !== undefined)
      Object.assign(entry, textIndex(entry.product));
    if (patch.name !== undefined) this.sorted.name.dirty = true;
    this.refreshTotals(entry);
  }

  private refreshTotals(entry: Entry): void {
    const { fromPriceCents, stockQty } = withTotals(entry.product);
    if (fromPriceCents !== entry.product.fromPriceCents) this.sorted.price.dirty = true;
    entry.product.fromPriceCents = fromPriceCents;
    entry.product.stockQty = stockQty;
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

/** Categories in id order, each once, as PostgreSQL reads them back. */
const inIdOrder = (ids: readonly string[]): string[] => [...new Set(ids)].sort(compareCodePoints);

/** One key per combination, whatever order its options were written in. */
const combinationKey = (options: OptionValues): string =>
  JSON.stringify(Object.entries(options).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));

const definedOnly = <T extends object>(patch: T): T =>
  Object.fromEntries(Object.entries(patch).filter(([, value]) => value !== undefined)) as T;

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
  const { text, minPriceCents, maxPriceCents, inStock, options } = query;
  const categories = query.categoryIds && new Set(query.categoryIds);
  const wanted = options && Object.entries(options);
  const holds = (variant: Variant) =>
    variant.active && (wanted ?? []).every(([name, value]) => variant.options[name] === value);
  return ({ product, haystack }) => {
    if (!isListed(product)) return false;
    if (minPriceCents !== undefined && product.fromPriceCents < minPriceCents) return false;
    if (maxPriceCents !== undefined && product.fromPriceCents > maxPriceCents) return false;
    if (categories && !product.categoryIds.some((id) => categories.has(id))) return false;
    if (text !== undefined && !haystack.includes(text)) return false;
    if (!wanted) {
      if (inStock === true) return product.stockQty > 0;
      if (inStock === false) return product.stockQty === 0;
      return true;
    }
    const holding = product.variants.filter(holds);
    if (holding.length === 0) return false;
    if (inStock === true) return holding.some((variant) => variant.stockQty > 0);
    if (inStock === false) return holding.every((variant) => variant.stockQty === 0);
    return true;
  };
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
