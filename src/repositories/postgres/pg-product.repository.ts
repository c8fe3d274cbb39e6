import { type Product, type ProductPatch, type StockLine, totalsByProduct } from '../../domain/product.js';
import { foldForSearch, type ProductPage, type ProductQuery } from '../../domain/product-query.js';
import type { ProductRepository, ReserveOutcome } from '../product.repository.js';
import { type Queryable, toDate, toMs } from './db.js';

interface ProductRow {
  id: string;
  seq: string;
  name: string;
  description: string;
  price_cents: number;
  stock_qty: number;
  active: boolean;
  image_url: string | null;
  created_at: Date;
  name_key: string;
}

const toProduct = (row: ProductRow): Product => ({
  id: row.id,
  name: row.name,
  description: row.description,
  priceCents: row.price_cents,
  stockQty: row.stock_qty,
  active: row.active,
  imageUrl: row.image_url,
  createdAt: toMs(row.created_at),
});

/** Each sort: its ORDER BY, the columns of its keyset position, and the comparison that means "after". */
const ORDERS = {
  oldest: { orderBy: 'seq ASC', key: ['seq'], after: '>' },
  newest: { orderBy: 'seq DESC', key: ['seq'], after: '<' },
  name: { orderBy: 'name_key ASC, seq ASC', key: ['name_key', 'seq'], after: '>' },
  price: { orderBy: 'price_cents ASC, seq ASC', key: ['price_cents', 'seq'], after: '>' },
  '-price': { orderBy: 'price_cents DESC, seq DESC', key: ['price_cents', 'seq'], after: '<' },
} as const;

const escapeLike = (text: string) => text.replace(/[\\%_]/g, (c) => `\\${c}`);

export class PgProductRepository implements ProductRepository {
  constructor(private readonly db: Queryable) {}

  async insert(product: Product): Promise<void> {
    await this.db.query(
      `INSERT INTO products (id, name, description, price_cents, stock_qty, active, image_url, created_at, name_key, search_text)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
      [
        product.id,
        product.name,
        product.description,
        product.priceCents,
        product.stockQty,
        product.active,
        product.imageUrl,
        toDate(product.createdAt),
        foldForSearch(product.name),
        searchText(product),
      ],
    );
  }

  async findById(id: string): Promise<Product | null> {
    const { rows } = await this.db.query<ProductRow>('SELECT * FROM products WHERE id = $1', [id]);
    return rows[0] ? toProduct(rows[0]) : null;
  }

  async findManyByIds(ids: readonly string[]): Promise<Map<string, Product>> {
    if (ids.length === 0) return new Map();
    const { rows } = await this.db.query<ProductRow>('SELECT * FROM products WHERE id = ANY($1::text[])', [
      ids,
    ]);
    return new Map(rows.map((row) => [row.id, toProduct(row)]));
  }

  async search(query: ProductQuery): Promise<ProductPage> {
    const params: unknown[] = [];
    const where = ['active'];
    const param = (value: unknown) => {
      params.push(value);
      return `$${params.length}`;
    };
    if (query.text) where.push(`search_text LIKE ${param(`%${escapeLike(query.text)}%`)}`);
    if (query.minPriceCents !== undefined) where.push(`price_cents >= ${param(query.minPriceCents)}`);
    if (query.maxPriceCents !== undefined) where.push(`price_cents <= ${param(query.maxPriceCents)}`);
    if (query.inStock === true) where.push('stock_qty > 0');
    if (query.inStock === false) where.push('stock_qty = 0');
    const filter = where.join(' AND ');
    const total =
      (await this.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM products WHERE ${filter}`, params))
        .rows[0]?.n ?? 0;

    const order = ORDERS[query.sort];
    const pageWhere = [filter];
    if (query.after) {
      const columns = `(${order.key.join(', ')})`;
      const values = `(${query.after.key.map((part) => param(part)).join(', ')})`;
      pageWhere.push(`${columns} ${order.after} ${values}`);
    }
    const limit = param(query.limit + 1);
    const offset = param(query.after ? 0 : query.offset);
    const { rows } = await this.db.query<ProductRow>(
      `SELECT * FROM products WHERE ${pageWhere.join(' AND ')} ORDER BY ${order.orderBy} LIMIT ${limit} OFFSET ${offset}`,
      params,
    );
    const page = rows.slice(0, query.limit);
    const last = page.at(-1);
    const next =
      rows.length > query.limit && last
        ? {
            sort: query.sort,
            key: order.key.map((column) => (column === 'seq' ? Number(last.seq) : last[column])),
          }
        : null;
    return { items: page.map(toProduct), total, next };
  }

  async listAll(): Promise<Product[]> {
    const { rows } = await this.db.query<ProductRow>('SELECT * FROM products ORDER BY seq');
    return rows.map(toProduct);
  }

  async update(id: string, patch: ProductPatch): Promise<Product | null> {
    const current = await this.findById(id);
    if (!current) return null;
    const next = { ...current, ...patch };
    const { rows } = await this.db.query<ProductRow>(
      `UPDATE products SET name = $2, description = $3, price_cents = $4, stock_qty = $5, active = $6, image_url = $7,
       name_key = $8, search_text = $9 WHERE id = $1 RETURNING *`,
      [
        id,
        next.name,
        next.description,
        next.priceCents,
        next.stockQty,
        next.active,
        next.imageUrl,
        foldForSearch(next.name),
        searchText(next),
      ],
    );
    return rows[0] ? toProduct(rows[0]) : null;
  }

  async count(): Promise<number> {
    const { rows } = await this.db.query<{ n: number }>('SELECT count(*)::int AS n FROM products');
    return rows[0]?.n ?? 0;
  }

  /**
   * Conditional decrements, in product-id order (so two checkouts lock rows in the same
   * order and cannot deadlock). Meant to run inside a transaction: on a shortfall the
   * caller's rollback undoes the lines already taken.
   */
  async reserve(lines: readonly StockLine[]): Promise<ReserveOutcome> {
    const totals = totalsByProduct(lines);
    const wanted = [...totals].sort(([a], [b]) => (a < b ? -1 : 1));
    const reserved = new Map<string, Product>();
    for (const [productId, quantity] of wanted) {
      const { rows } = await this.db.query<ProductRow>(
        'UPDATE products SET stock_qty = stock_qty - $2 WHERE id = $1 AND active AND stock_qty >= $2 RETURNING *',
        [productId, quantity],
      );
      const row = rows[0];
      if (row) {
        reserved.set(productId, { ...toProduct(row), stockQty: row.stock_qty + quantity });
        continue;
      }
      await this.release([...reserved].map(([id]) => ({ productId: id, quantity: totals.get(id) ?? 0 })));
      const product = await this.findById(productId);
      if (!product) return { ok: false, reason: 'NOT_FOUND', productId, productName: null };
      if (!product.active) return { ok: false, reason: 'INACTIVE', productId, productName: product.name };
      return { ok: false, reason: 'INSUFFICIENT_STOCK', productId, productName: product.name };
    }
    const inCartOrder = [...totals.keys()].map((id) => reserved.get(id) as Product);
    return { ok: true, products: inCartOrder };
  }

  async release(lines: readonly StockLine[]): Promise<void> {
    const wanted = [...totalsByProduct(lines)].sort(([a], [b]) => (a < b ? -1 : 1));
    for (const [productId, quantity] of wanted) {
      await this.db.query('UPDATE products SET stock_qty = stock_qty + $2 WHERE id = $1', [
        productId,
        quantity,
      ]);
    }
  }
}

const searchText = (product: Pick<Product, 'name' | 'description'>) =>
  `${foldForSearch(product.name)}\n${foldForSearch(product.description)}`;
