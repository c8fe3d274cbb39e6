import { type Queryable, toDate, toMs } from '../database/db.js';
import { type Product, type ProductPatch, type StockLine, totalsByProduct } from './product.js';
import type { ProductRepository, ProductSummary, ReserveOutcome } from './product.repository.js';
import { foldForSearch, type ProductPage, type ProductQuery } from './product-query.js';

interface ProductRow {
  id: string;
  seq: number;
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

/** Every column a product is read from; the folded search text stays in the database. */
const COLUMNS = 'id, seq, name, description, price_cents, stock_qty, active, image_url, created_at, name_key';
/** The columns, as `p.<column>`, for statements that name the products table `p`. */
const RETURNING = COLUMNS.split(', ')
  .map((column) => `p.${column}`)
  .join(', ');

/** Each sort: its ORDER BY, the columns of its keyset position, and the comparison that means "after". */
const ORDERS = {
  oldest: { orderBy: 'seq ASC', key: ['seq'], after: '>' },
  newest: { orderBy: 'seq DESC', key: ['seq'], after: '<' },
  // Code point order, as the memory store sorts: the same on every server whatever its locale.
  name: { orderBy: 'name_key COLLATE "C" ASC, seq ASC', key: ['name_key', 'seq'], after: '>' },
  price: { orderBy: 'price_cents ASC, seq ASC', key: ['price_cents', 'seq'], after: '>' },
  '-price': { orderBy: 'price_cents DESC, seq DESC', key: ['price_cents', 'seq'], after: '<' },
} as const;

const escapeLike = (text: string) => text.replace(/[\\%_]/g, (c) => `\\${c}`);

export class PgProductRepository implements ProductRepository {
  constructor(private readonly db: Queryable) {}

  async insert(product: Product): Promise<void> {
    await this.db.query(
      `INSERT INTO products (id, name, description, price_cents, stock_qty, active, image_url, created_at, name_key, description_key)
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
        foldForSearch(product.description),
      ],
    );
  }

  async findById(id: string): Promise<Product | null> {
    const { rows } = await this.db.query<ProductRow>(`SELECT ${COLUMNS} FROM products WHERE id = $1`, [id]);
    return rows[0] ? toProduct(rows[0]) : null;
  }

  async findManyByIds(ids: readonly string[]): Promise<Map<string, Product>> {
    if (ids.length === 0) return new Map();
    const { rows } = await this.db.query<ProductRow>(
      `SELECT ${COLUMNS} FROM products WHERE id = ANY($1::text[])`,
      [ids],
    );
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
      const columns = `(${order.key.map((column) => (column === 'name_key' ? 'name_key COLLATE "C"' : column)).join(', ')})`;
      const values = `(${query.after.key.map((part) => param(part)).join(', ')})`;
      pageWhere.push(`${columns} ${order.after} ${values}`);
    }
    const limit = param(query.limit + 1);
    const offset = param(query.after ? 0 : query.offset);
    const { rows } = await this.db.query<ProductRow>(
      `SELECT ${COLUMNS} FROM products WHERE ${pageWhere.join(' AND ')} ORDER BY ${order.orderBy} LIMIT ${limit} OFFSET ${offset}`,
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
    const { rows } = await this.db.query<ProductRow>(`SELECT ${COLUMNS} FROM products ORDER BY seq`);
    return rows.map(toProduct);
  }

  /**
   * One statement, column-wise: a column the patch does not name keeps whatever is
   * stored when it runs, so a price edit racing a checkout never writes an old stock back.
   */
  async update(id: string, patch: ProductPatch): Promise<Product | null> {
    const { rows } = await this.db.query<ProductRow>(
      `UPDATE products SET
         name = COALESCE($2, name),
         name_key = COALESCE($3, name_key),
         description = COALESCE($4, description),
         description_key = COALESCE($5, description_key),
         price_cents = COALESCE($6, price_cents),
         stock_qty = COALESCE($7, stock_qty),
         active = COALESCE($8, active),
         image_url = CASE WHEN $9 THEN $10 ELSE image_url END
       WHERE id = $1 RETURNING ${COLUMNS}`,
      [
        id,
        patch.name ?? null,
        patch.name === undefined ? null : foldForSearch(patch.name),
        patch.description ?? null,
        patch.description === undefined ? null : foldForSearch(patch.description),
        patch.priceCents ?? null,
        patch.stockQty ?? null,
        patch.active ?? null,
        patch.imageUrl !== undefined,
        patch.imageUrl ?? null,
      ],
    );
    return rows[0] ? toProduct(rows[0]) : null;
  }

  /** One statement: the count, joined to the low-stock rows (none joined gives one row of nulls). */
  async summarize(lowStockBelow: number): Promise<ProductSummary> {
    const { rows } = await this.db.query<ProductRow & { total: number }>(
      `SELECT low.*, counted.total FROM (SELECT count(*)::int AS total FROM products) counted
       LEFT JOIN products low ON low.active AND low.stock_qty < $1
       ORDER BY low.seq`,
      [lowStockBelow],
    );
    const total = rows[0]?.total ?? 0;
    return { total, lowStock: rows.filter((row) => row.id !== null).map(toProduct) };
  }

  /**
   * All lines or none, in one statement: the rows are locked in id order (two checkouts
   * cannot deadlock), checked together, and decremented only if every line fits. The new stock
   * is computed from the locked rows the verdict judged, not from the UPDATE's own read of the
   * table (which a stock set committed meanwhile can make disagree with them). On a refusal
   * nothing was written, so there is nothing to undo.
   */
  async reserve(lines: readonly StockLine[]): Promise<ReserveOutcome> {
    const totals = totalsByProduct(lines);
    const ids = [...totals.keys()];
    const { rows } = await this.db.query<ProductRow>(
      `WITH wanted AS (SELECT * FROM unnest($1::text[], $2::bigint[]) AS w (id, quantity)),
       locked AS (
         SELECT p.id, p.active, p.stock_qty FROM products p JOIN wanted USING (id) ORDER BY p.id FOR UPDATE OF p
       ),
       verdict AS (
         SELECT count(*) = (SELECT count(*) FROM wanted) AND coalesce(bool_and(l.active AND l.stock_qty >= w.quantity), false) AS fits
         FROM locked l JOIN wanted w USING (id)
       )
       UPDATE products p SET stock_qty = l.stock_qty - w.quantity
       FROM locked l JOIN wanted w USING (id), verdict v WHERE p.id = l.id AND v.fits
       RETURNING ${RETURNING}`,
      [ids, [...totals.values()]],
    );
    if (rows.length > 0) {
      // RETURNING gives the stock after the decrement; the snapshot is the product as reserved.
      const byId = new Map(rows.map((row) => [row.id, row]));
      const reserved = [...totals].map(([id, quantity]) => {
        const row = byId.get(id) as ProductRow;
        return { ...toProduct(row), stockQty: row.stock_qty + quantity };
      });
      return { ok: true, products: reserved };
    }
    // Refused, nothing written. A fresh statement reads the rows as they are now, to say why.
    const current = await this.findManyByIds(ids);
    for (const [productId, quantity] of totals) {
      const product = current.get(productId);
      if (!product) return { ok: false, reason: 'NOT_FOUND', productId, productName: null };
      if (!product.active) return { ok: false, reason: 'INACTIVE', productId, productName: product.name };
      if (product.stockQty < quantity) {
        return { ok: false, reason: 'INSUFFICIENT_STOCK', productId, productName: product.name };
      }
    }
    // Stock came back between the refusal and this read (a cancel): still a shortfall when it was decided.
    const [productId = ''] = ids;
    return {
      ok: false,
      reason: 'INSUFFICIENT_STOCK',
      productId,
      productName: current.get(productId)?.name ?? '',
    };
  }

  /** One statement; the rows are locked in id order first (the aggregate needs them all), so releases cannot deadlock. */
  async release(lines: readonly StockLine[]): Promise<void> {
    const totals = totalsByProduct(lines);
    await this.db.query(
      `WITH wanted AS (SELECT * FROM unnest($1::text[], $2::bigint[]) AS w (id, quantity)),
       locked AS (SELECT p.id FROM products p JOIN wanted USING (id) ORDER BY p.id FOR UPDATE OF p),
       ready AS (SELECT count(*) AS n FROM locked)
       UPDATE products p SET stock_qty = p.stock_qty + w.quantity FROM wanted w, ready WHERE p.id = w.id AND ready.n >= 0`,
      [[...totals.keys()], [...totals.values()]],
    );
  }
}
