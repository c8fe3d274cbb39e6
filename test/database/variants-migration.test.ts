import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PgProductRepository } from '../../src/catalog/pg-product.repository.js';
import { openClient, queryableOn } from '../../src/database/db.js';
import { migrate } from '../../src/database/migrate.js';
import { createSchema, dropSchema, TEST_DATABASE_URL } from '../helpers/postgres.js';

const MIGRATIONS = join(import.meta.dirname, '../../migrations');
/** The last migration before products had variants. */
const BEFORE_VARIANTS = '010_no_change_feed';

/**
 * PostgreSQL only: a database holding products, a cart and an order from before variants
 * upgrades in place, every product with one variant holding its stock, nothing lost.
 */
describe.skipIf(!TEST_DATABASE_URL)('migration 011: variants and categories on an existing database', () => {
  let schema: string;
  let sql: postgres.Sql;
  beforeAll(async () => {
    const url = TEST_DATABASE_URL ?? '';
    schema = await createSchema(url);
    sql = openClient(url, { max: 1, schema });
    await sql.unsafe(
      'CREATE TABLE schema_migrations (version text PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())',
    );
    for (const file of readdirSync(MIGRATIONS).sort()) {
      const version = file.replace(/\.sql$/, '');
      if (version > BEFORE_VARIANTS) break;
      await sql.unsafe(readFileSync(join(MIGRATIONS, file), 'utf8'));
      await sql.unsafe('INSERT INTO schema_migrations (version) VALUES ($1)', [version]);
    }
    await sql.unsafe(`
      INSERT INTO users (id, email, password_hash, first_name, last_name, address, created_at)
        VALUES ('u1', 'a@example.com', 'h', 'A', 'B', 'adresse', now());
      INSERT INTO products (id, name, description, price_cents, stock_qty, active, created_at, name_key, description_key)
        VALUES ('p1', 'Bonnet', '', 1500, 7, true, now(), 'bonnet', ''),
               ('p2', 'Gants', '', 900, 0, false, now(), 'gants', '');
      INSERT INTO cart_items (user_id, product_id, quantity) VALUES ('u1', 'p1', 2);
      INSERT INTO orders (id, user_id, items, status, total_cents, created_at, history)
        VALUES ('o1', 'u1', '[{"productId": "p2", "name": "Gants", "unitPriceCents": 900, "quantity": 1, "imageUrl": null}]',
                'CREE', 900, now(), '[]');
    `);
    await migrate(sql);
  });
  afterAll(async () => {
    await sql?.end();
    if (TEST_DATABASE_URL && schema) await dropSchema(TEST_DATABASE_URL, schema);
  });

  it('gives each product one variant under its own id, holding its stock', async () => {
    const variants = await sql.unsafe<{ id: string; product_id: string; stock_qty: number; sku: string }[]>(
      'SELECT id, product_id, stock_qty::int AS stock_qty, sku FROM product_variants ORDER BY seq',
    );
    expect(variants.map((v) => ({ ...v }))).toEqual([
      { id: 'p1', product_id: 'p1', stock_qty: 7, sku: 'SKU-000001' },
      { id: 'p2', product_id: 'p2', stock_qty: 0, sku: 'SKU-000002' },
    ]);
    const products = new PgProductRepository(
      queryableOn(sql),
      (work) => sql.begin((tx) => work(queryableOn(tx))) as ReturnType<typeof work>,
    );
    expect(await products.findById('p1')).toMatchObject({
      priceCents: 1500,
      fromPriceCents: 1500,
      stockQty: 7,
      options: [],
      categoryIds: [],
    });
  });

  it('keeps the cart line, now naming the variant, and the order item with its variant', async () => {
    const [line] = await sql.unsafe(
      'SELECT product_id, variant_id, quantity::int AS quantity FROM cart_items',
    );
    expect({ ...line }).toEqual({ product_id: 'p1', variant_id: 'p1', quantity: 2 });
    const [order] = await sql.unsafe<{ items: unknown }[]>("SELECT items FROM orders WHERE id = 'o1'");
    expect(order?.items).toEqual([
      {
        productId: 'p2',
        variantId: 'p2',
        sku: 'SKU-000002',
        options: {},
        name: 'Gants',
        unitPriceCents: 900,
        quantity: 1,
        imageUrl: null,
      },
    ]);
  });
});
