import { violatedConstraint } from '../database/constraint.js';
import { type Queryable, type Transactor, toDate } from '../database/db.js';
import {
  LISTED,
  PRODUCT_COLUMNS,
  type ProductRow,
  REFRESH_FROM_PRICE,
  refusalOfConstraint,
  toProduct,
} from './pg-product-sql.js';
import {
  type NewProduct,
  type OptionValues,
  type Product,
  type ProductPatch,
  type StockLine,
  totalsByVariant,
  type Variant,
  type VariantPatch,
  withTotals,
} from './product.js';
import type {
  ProductRepository,
  ProductSummary,
  ProductWriteOutcome,
  ReservedVariant,
  ReserveOutcome,
} from './product.repository.js';
import { refusalToReserve } from './product.repository.js';
import { foldForSearch, type ProductPage, type ProductQuery } from './product-query.js';

/** Each sort: its ORDER BY, the columns of its keyset position, and the comparison that means "after". */
const ORDERS = {
  oldest: { orderBy: 'p.seq ASC', key: ['seq'], after: '>' },
  newest: { orderBy: 'p.seq DESC', key: ['seq'], after: '<' },
  // Code point order, as the memory store sorts: the same on every server whatever its locale.
  name: { orderBy: 'p.name_key COLLATE "C" ASC, p.seq ASC', key: ['name_key', 'seq'], after: '>' },
  price: { orderBy: 'p.from_price_cents ASC, p.seq ASC', key: ['from_price_cents', 'seq'], after: '>' },
  '-price': { orderBy: 'p.from_price_cents DESC, p.seq DESC', key: ['from_price_cents', 'seq'], after: '<' },
} as const;

const escapeLike = (text: string) => text.replace(/[\\%_]/g, (c) => `\\${c}`);

/** The variants as jsonb, for `jsonb_to_recordset`. */
const variantsJson = (variants: readonly Variant[]) =>
  JSON.stringify(
    variants.map((v) => ({
      id: v.id,
      sku: v.sku,
      options: v.options,
      price_cents: v.priceCents,
      stock_qty: v.stockQty,
      active: v.active,
    })),
  );

const INSERT_VARIANTS = `INSERT INTO product_variants (id, product_id, sku, options, price_cents, stock_qty, active)
  SELECT v.id, $1, v.sku, v.options, v.price_cents, v.stock_qty, v.active
  FROM ROWS FROM (jsonb_to_recordset($2::jsonb)
    AS (id text, sku text, options jsonb, price_cents bigint, stock_qty bigint, active boolean))
    WITH ORDINALITY AS v (id, sku, options, price_cents, stock_qty, active, n)
  ORDER BY v.n`;

/**
 * Stock moves are single statements on the variants' rows. Writes that change what the price
 * "à partir de" reads (the product's price, a variant's price, activity or existence) run in a
 * transaction that first locks the product's row, so two of them on one product run one after
 * the other and the last recomputes from everything committed (`REFRESH_FROM_PRICE`).
 */
export class PgProductRepository implements ProductRepository {
  constructor(
    private readonly db: Queryable,
    private readonly transaction: Transactor,
  ) {}

  async insert(product: NewProduct): Promise<ProductWriteOutcome> {
    return this.refusingByConstraint(() =>
      this.transaction(async (tx) => {
        await tx.query(
          `INSERT INTO products (id, name, description, price_cents, from_price_cents, active, image_url, created_at,
             name_key, description_key, options)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11::jsonb)`,
          [
            product.id,
            product.name,
            product.description,
            product.priceCents,
            withTotals(product).fromPriceCents,
            product.active,
            product.imageUrl,
            toDate(product.createdAt),
            foldForSearch(product.name),
            foldForSearch(product.description),
            JSON.stringify(product.options),
          ],
        );
        await tx.query(INSERT_VARIANTS, [product.id, variantsJson(product.variants)]);
        await this.joinCategories(tx, product.id, product.categoryIds);
        return this.found(tx, product.id);
      }),
    );
  }

  async findById(id: string): Promise<Product | null> {
    const { rows } = await this.db.query<ProductRow>(
      `SELECT ${PRODUCT_COLUMNS} FROM products p WHERE p.id = $1`,
      [id],
    );
    return rows[0] ? toProduct(rows[0]) : null;
  }

  async findManyByIds(ids: readonly string[]): Promise<Map<string, Product>> {
    if (ids.length === 0) return new Map();
    const { rows } = await this.db.query<ProductRow>(
      `SELECT ${PRODUCT_COLUMNS} FROM products p WHERE p.id = ANY($1::text[])`,
      [ids],
    );
    return new Map(rows.map((row) => [row.id, toProduct(row)]));
  }

  async findByVariantIds(variantIds: readonly string[]): Promise<Map<string, Product>> {
    if (variantIds.length === 0) return new Map();
    const { rows } = await this.db.query<ProductRow>(
      `SELECT ${PRODUCT_COLUMNS} FROM products p
       WHERE p.id IN (SELECT product_id FROM product_variants WHERE id = ANY($1::text[]))`,
      [variantIds],
    );
    const found = new Map<string, Product>();
    for (const product of rows.map(toProduct))
      for (const variant of product.variants)
        if (variantIds.includes(variant.id)) found.set(variant.id, product);
    return found;
  }

  async search(query: ProductQuery): Promise<ProductPage> {
    const params: unknown[] = [];
    const param = (value: unknown) => {
      params.push(value);
      return `$${params.length}`;
    };
    const where = [LISTED];
    if (query.text) where.push(`p.search_text LIKE ${param(`%${escapeLike(query.text)}%`)}`);
    if (query.minPriceCents !== undefined) where.push(`p.from_price_cents >= ${param(query.minPriceCents)}`);
    if (query.maxPriceCents !== undefined) where.push(`p.from_price_cents <= ${param(query.maxPriceCents)}`);
    if (query.categoryIds) {
      where.push(
        `EXISTS (SELECT 1 FROM product_categories pc WHERE pc.product_id = p.id AND pc.category_id = ANY(${param(query.categoryIds)}::text[]))`,
      );
    }
    where.push(...this.variantConditions(query.options, query.inStock, param));
    const filter = where.join(' AND ');
    const total =
      (
        await this.db.query<{ n: number }>(
          `SELECT count(*)::int AS n FROM products p WHERE ${filter}`,
          params,
        )
      ).rows[0]?.n ?? 0;

    const order = ORDERS[query.sort];
    const pageWhere = [filter];
    if (query.after) {
      const columns = `(${order.key.map((column) => (column === 'name_key' ? 'p.name_key COLLATE "C"' : `p.${column}`)).join(', ')})`;
      const values = `(${query.after.key.map((part) => param(part)).join(', ')})`;
      pageWhere.push(`${columns} ${order.after} ${values}`);
    }
    const limit = param(query.limit + 1);
    const offset = param(query.after ? 0 : query.offset);
    const { rows } = await this.db.query<ProductRow>(
      `SELECT ${PRODUCT_COLUMNS} FROM products p WHERE ${pageWhere.join(' AND ')} ORDER BY ${order.orderBy} LIMIT ${limit} OFFSET ${offset}`,
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

  /** The memory store's matcher, in SQL: options judged on one variant holding them all. */
  private variantConditions(
    options: OptionValues | undefined,
    inStock: boolean | undefined,
    param: (value: unknown) => string,
  ): string[] {
    const some = (condition: string) =>
      `EXISTS (SELECT 1 FROM product_variants v WHERE v.product_id = p.id AND v.active AND ${condition})`;
    const holding = options ? `v.options @> ${param(JSON.stringify(options))}::jsonb` : 'true';
    const conditions = options ? [some(holding)] : [];
    if (inStock === true) conditions.push(some(`${holding} AND v.stock_qty > 0`));
    if (inStock === false) conditions.push(`NOT ${some(`${holding} AND v.stock_qty > 0`)}`);
    return conditions;
  }

  async listAll(): Promise<Product[]> {
    const { rows } = await this.db.query<ProductRow>(
      `SELECT ${PRODUCT_COLUMNS} FROM products p ORDER BY p.seq`,
    );
    return rows.map(toProduct);
  }

  /** Column-wise: a column the patch does not name keeps whatever is stored when it runs. */
  async update(id: string, patch: ProductPatch): Promise<ProductWriteOutcome> {
    return this.refusingByConstraint(() =>
      this.transaction(async (tx) => {
        const { rows } = await tx.query(
          `UPDATE products SET
             name = COALESCE($2, name),
             name_key = COALESCE($3, name_key),
             description = COALESCE($4, description),
             description_key = COALESCE($5, description_key),
             price_cents = COALESCE($6, price_cents),
             active = COALESCE($7, active),
             image_url = CASE WHEN $8 THEN $9 ELSE image_url END
           WHERE id = $1 RETURNING id`,
          [
            id,
            patch.name ?? null,
            patch.name === undefined ? null : foldForSearch(patch.name),
            patch.description ?? null,
            patch.description === undefined ? null : foldForSearch(patch.description),
            patch.priceCents ?? null,
            patch.active ?? null,
            patch.imageUrl !== undefined,
            patch.imageUrl ?? null,
          ],
        );
        if (rows.length === 0) return { ok: false, reason: 'NOT_FOUND' } as const;
        if (patch.categoryIds) {
          await tx.query('DELETE FROM product_categories WHERE product_id = $1', [id]);
          await this.joinCategories(tx, id, patch.categoryIds);
        }
        if (patch.priceCents !== undefined) await tx.query(REFRESH_FROM_PRICE, [id]);
        return this.found(tx, id);
      }),
    );
  }

  async addVariant(variant: Variant): Promise<ProductWriteOutcome> {
    return this.refusingByConstraint(() =>
      this.transaction(async (tx) => {
        const { rows } = await tx.query('SELECT id FROM products WHERE id = $1 FOR UPDATE', [
          variant.productId,
        ]);
        if (rows.length === 0) return { ok: false, reason: 'NOT_FOUND' } as const;
        await tx.query(INSERT_VARIANTS, [variant.productId, variantsJson([variant])]);
        await tx.query(REFRESH_FROM_PRICE, [variant.productId]);
        return this.found(tx, variant.productId);
      }),
    );
  }

  /** Never writes the stock: a price edit racing checkouts keeps every reservation. */
  async updateVariant(variantId: string, patch: VariantPatch): Promise<ProductWriteOutcome> {
    return this.refusingByConstraint(() =>
      this.transaction(async (tx) => {
        const { rows } = await tx.query<{ id: string }>(
          `SELECT p.id FROM products p JOIN product_variants v ON v.product_id = p.id WHERE v.id = $1 FOR UPDATE OF p`,
          [variantId],
        );
        const productId = rows[0]?.id;
        if (productId === undefined) return { ok: false, reason: 'NOT_FOUND' } as const;
        await tx.query(
          `UPDATE product_variants SET
             sku = COALESCE($2, sku),
             price_cents = CASE WHEN $3 THEN $4 ELSE price_cents END,
             active = COALESCE($5, active)
           WHERE id = $1`,
          [
            variantId,
            patch.sku ?? null,
            patch.priceCents !== undefined,
            patch.priceCents ?? null,
            patch.active ?? null,
          ],
        );
        await tx.query(REFRESH_FROM_PRICE, [productId]);
        return this.found(tx, productId);
      }),
    );
  }

  /** One statement; the answer is the product as the write left it (the statement's own view, plus its write). */
  async setVariantStock(variantId: string, stockQty: number): Promise<Product | null> {
    const { rows } = await this.db.query<ProductRow>(
      `WITH written AS (UPDATE product_variants SET stock_qty = $2 WHERE id = $1 RETURNING product_id)
       SELECT ${PRODUCT_COLUMNS} FROM products p JOIN written w ON w.product_id = p.id`,
      [variantId, stockQty],
    );
    const row = rows[0];
    if (!row) return null;
    // The CTE's write is not visible to the same statement's reads: put it in.
    const variants = row.variants.map((variant) =>
      variant.id === variantId ? { ...variant, stockQty } : variant,
    );
    return toProduct({ ...row, variants });
  }

  async summarize(lowStockBelow: number): Promise<ProductSummary> {
    const { rows } = await this.db.query<{ total: number; variant_ids: string[] }>(
      `SELECT (SELECT count(*)::int FROM products) AS total,
         ARRAY(SELECT v.id FROM product_variants v JOIN products p ON p.id = v.product_id
               WHERE p.active AND v.active AND v.stock_qty < $1 ORDER BY p.seq, v.seq) AS variant_ids`,
      [lowStockBelow],
    );
    const { total = 0, variant_ids: low = [] } = rows[0] ?? {};
    const products = await this.findByVariantIds(low);
    const lowStock: Product[] = [];
    const lowStockVariants = low.flatMap((variantId) => {
      const product = products.get(variantId);
      const variant = product?.variants.find((v) => v.id === variantId);
      if (!product || !variant) return [];
      if (lowStock.at(-1)?.id !== product.id) lowStock.push(product);
      return [{ product, variant }];
    });
    return { total, lowStock, lowStockVariants };
  }

  async countListed(groups: ReadonlyMap<string, readonly string[]>): Promise<Map<string, number>> {
    const pairs = [...groups].flatMap(([group, ids]) => ids.map((id) => [group, id] as const));
    const { rows } = await this.db.query<{ group_id: string; n: number }>(
      `SELECT g.group_id, count(DISTINCT p.id)::int AS n
       FROM unnest($1::text[], $2::text[]) AS g (group_id, category_id)
       JOIN product_categories pc ON pc.category_id = g.category_id
       JOIN products p ON p.id = pc.product_id
       WHERE ${LISTED}
       GROUP BY g.group_id`,
      [pairs.map(([group]) => group), pairs.map(([, id]) => id)],
    );
    const counts = new Map([...groups.keys()].map((group) => [group, 0]));
    for (const row of rows) counts.set(row.group_id, row.n);
    return counts;
  }

  /**
   * All lines or none, in one statement: the variants' rows are locked in id order (two
   * checkouts cannot deadlock), checked together with their products, and decremented only if
   * every line fits. The new stock is computed from the locked rows the verdict judged. On a
   * refusal nothing was written, so there is nothing to undo.
   */
  async reserve(lines: readonly StockLine[]): Promise<ReserveOutcome> {
    const totals = totalsByVariant(lines);
    const ids = [...totals.keys()];
    const { rows } = await this.db.query<ReservedRow>(
      `WITH wanted AS (SELECT * FROM unnest($1::text[], $2::bigint[]) AS w (id, quantity)),
       locked AS (
         SELECT v.id, v.product_id, v.sku, v.options, v.price_cents, v.active, v.stock_qty
         FROM product_variants v JOIN wanted USING (id) ORDER BY v.id FOR UPDATE OF v
       ),
       verdict AS (
         SELECT count(*) = (SELECT count(*) FROM wanted)
           AND coalesce(bool_and(l.active AND p.active AND l.stock_qty >= w.quantity), false) AS fits
         FROM locked l JOIN wanted w USING (id) JOIN products p ON p.id = l.product_id
       )
       UPDATE product_variants v SET stock_qty = l.stock_qty - w.quantity
       FROM locked l JOIN wanted w USING (id) JOIN products p ON p.id = l.product_id, verdict
       WHERE v.id = l.id AND verdict.fits
       RETURNING v.id, l.product_id, p.name, p.image_url, p.price_cents AS product_price_cents,
         l.sku, l.options, l.price_cents, l.active, l.stock_qty`,
      [ids, [...totals.values()]],
    );
    if (rows.length > 0) {
      const byId = new Map(rows.map((row) => [row.id, row]));
      return { ok: true, reserved: ids.map((id) => reservedOf(byId.get(id) as ReservedRow)) };
    }
    // Refused, nothing written. A fresh statement reads the rows as they are now, to say why.
    const current = await this.findByVariantIds(ids);
    for (const [variantId, quantity] of totals) {
      const refusal = refusalToReserve(current.get(variantId), variantId, quantity);
      if (refusal) return refusal;
    }
    // Stock came back between the refusal and this read (a cancel): still a shortfall when it was decided.
    const [variantId = ''] = ids;
    const product = current.get(variantId);
    return {
      ok: false,
      reason: 'INSUFFICIENT_STOCK',
      variantId,
      productName: product?.name ?? '',
      options: product?.variants.find((v) => v.id === variantId)?.options ?? {},
    };
  }

  /** One statement; the rows are locked in id order first (the aggregate needs them all), so releases cannot deadlock. */
  async release(lines: readonly StockLine[]): Promise<void> {
    const totals = totalsByVariant(lines);
    await this.db.query(
      `WITH wanted AS (SELECT * FROM unnest($1::text[], $2::bigint[]) AS w (id, quantity)),
       locked AS (SELECT v.id FROM product_variants v JOIN wanted USING (id) ORDER BY v.id FOR UPDATE OF v),
       ready AS (SELECT count(*) AS n FROM locked)
       UPDATE product_variants v SET stock_qty = v.stock_qty + w.quantity FROM wanted w, ready WHERE v.id = w.id AND ready.n >= 0`,
      [[...totals.keys()], [...totals.values()]],
    );
  }

  private async joinCategories(
    tx: Queryable,
    productId: string,
    categoryIds: readonly string[],
  ): Promise<void> {
    if (categoryIds.length === 0) return;
    await tx.query(
      'INSERT INTO product_categories (product_id, category_id) SELECT $1, unnest($2::text[]) ON CONFLICT DO NOTHING',
      [productId, categoryIds],
    );
  }

  private async found(tx: Queryable, id: string): Promise<ProductWriteOutcome> {
    const { rows } = await tx.query<ProductRow>(`SELECT ${PRODUCT_COLUMNS} FROM products p WHERE p.id = $1`, [
      id,
    ]);
    return rows[0] ? { ok: true, product: toProduct(rows[0]) } : { ok: false, reason: 'NOT_FOUND' };
  }

  /** A unique SKU or combination, or a category deleted meanwhile, refuses the write: nothing of it stays. */
  private async refusingByConstraint(
    write: () => Promise<ProductWriteOutcome>,
  ): Promise<ProductWriteOutcome> {
    try {
      return await write();
    } catch (err) {
      const constraint = violatedConstraint(err);
      const refusal = constraint === null ? null : refusalOfConstraint(constraint);
      if (refusal) return refusal;
      throw err;
    }
  }
}

interface ReservedRow {
  id: string;
  product_id: string;
  name: string;
  image_url: string | null;
  product_price_cents: number;
  sku: string;
  options: OptionValues;
  price_cents: number | null;
  active: boolean;
  stock_qty: number;
}

/** The variant as the verdict judged it, before its decrement. */
const reservedOf = (row: ReservedRow): ReservedVariant => ({
  product: { id: row.product_id, name: row.name, imageUrl: row.image_url },
  variant: {
    id: row.id,
    productId: row.product_id,
    sku: row.sku,
    options: row.options,
    priceCents: row.price_cents,
    stockQty: row.stock_qty,
    active: row.active,
  },
  unitPriceCents: row.price_cents ?? row.product_price_cents,
});
