import type { Product, ProductPatch, StockLine } from '../../domain/product.js';
import type { ProductRepository, ReserveOutcome } from '../product.repository.js';

/**
 * Each method runs to completion without an `await` between its reads and writes,
 * so interleaved requests see every reservation as all-or-nothing.
 */
export class MemoryProductRepository implements ProductRepository {
  /** Insertion order is creation order, which gives "oldest first" for free. */
  private readonly byId = new Map<string, Product>();

  async insert(product: Product): Promise<void> {
    this.byId.set(product.id, { ...product });
  }

  async findById(id: string): Promise<Product | null> {
    const product = this.byId.get(id);
    return product ? { ...product } : null;
  }

  async findManyByIds(ids: readonly string[]): Promise<Map<string, Product>> {
    const found = new Map<string, Product>();
    for (const id of ids) {
      const product = this.byId.get(id);
      if (product) found.set(id, { ...product });
    }
    return found;
  }

  async listActive(): Promise<Product[]> {
    const active: Product[] = [];
    for (const product of this.byId.values()) if (product.active) active.push({ ...product });
    return active;
  }

  async listAll(): Promise<Product[]> {
    return Array.from(this.byId.values(), (product) => ({ ...product }));
  }

  async update(id: string, patch: ProductPatch): Promise<Product | null> {
    const product = this.byId.get(id);
    if (!product) return null;
    const updated = { ...product, ...patch };
    this.byId.set(id, updated);
    return { ...updated };
  }

  async count(): Promise<number> {
    return this.byId.size;
  }

  async reserve(lines: readonly StockLine[]): Promise<ReserveOutcome> {
    const wanted = totalsByProduct(lines);
    for (const [productId, quantity] of wanted) {
      const product = this.byId.get(productId);
      if (!product) return { ok: false, reason: 'NOT_FOUND', productId, productName: null };
      if (!product.active) return { ok: false, reason: 'INACTIVE', productId, productName: product.name };
      if (product.stockQty < quantity) {
        return { ok: false, reason: 'INSUFFICIENT_STOCK', productId, productName: product.name };
      }
    }
    const reserved: Product[] = [];
    for (const [productId, quantity] of wanted) {
      const product = this.byId.get(productId) as Product;
      reserved.push({ ...product });
      product.stockQty -= quantity;
    }
    return { ok: true, products: reserved };
  }

  async release(lines: readonly StockLine[]): Promise<void> {
    for (const [productId, quantity] of totalsByProduct(lines)) {
      const product = this.byId.get(productId);
      if (product) product.stockQty += quantity;
    }
  }
}

function totalsByProduct(lines: readonly StockLine[]): Map<string, number> {
  const totals = new Map<string, number>();
  for (const { productId, quantity } of lines) totals.set(productId, (totals.get(productId) ?? 0) + quantity);
  return totals;
}
