import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import { type Product, type StockLine, type Variant, withTotals } from '../../src/catalog/product.js';
import { newOrder, type Order } from '../../src/orders/order.js';
import { createMemoryStores } from '../../src/stores/memory-stores.js';
import type { Stores } from '../../src/stores/stores.js';
import { postgresStoresInNewSchema, TEST_DATABASE_URL } from './postgres.js';
import { uid } from './uid.js';

/**
 * Both store backends behind one opener, for the contract suites that must hold on
 * each: memory always, PostgreSQL when DATABASE_URL is set (in a schema of its own).
 * PostgreSQL gets several pipelined connections: an instance's one connection would run
 * concurrent statements one after another, and the race suites must race them in the database.
 */
const RACING_CONNECTIONS = 4;
export type BackendName = 'memory' | 'postgres';

export interface OpenedStores {
  stores: Stores;
  drop(): Promise<void>;
}

const uploadDir = join(tmpdir(), 'contract-uploads');

export const storeBackends: [BackendName, () => Promise<OpenedStores>][] = [
  ['memory', async () => ({ stores: createMemoryStores(uploadDir), drop: async () => {} })],
  [
    'postgres',
    async () => {
      const pg = await postgresStoresInNewSchema(TEST_DATABASE_URL ?? '', undefined, {
        pipelineConnections: RACING_CONNECTIONS,
      });
      return {
        stores: pg.stores,
        drop: async () => {
          await pg.stores.close();
          await pg.drop();
        },
      };
    },
  ],
];

/** True when this backend cannot run here: the PostgreSQL runs without DATABASE_URL. */
export const backendUnavailable = (name: BackendName): boolean => name === 'postgres' && !TEST_DATABASE_URL;

/**
 * Opens `name`'s stores before the enclosing describe block's tests and drops them after;
 * the returned getter hands them to the tests. Nothing is opened where the backend cannot run.
 */
export function openForSuite(name: BackendName, open: () => Promise<OpenedStores>): () => Stores {
  let opened: OpenedStores | undefined;
  beforeAll(async () => {
    if (!backendUnavailable(name)) opened = await open();
  });
  afterAll(async () => {
    await opened?.drop();
  });
  return () => {
    if (!opened) throw new Error(`the ${name} stores are not open`);
    return opened.stores;
  };
}

export function warnWhenPostgresSkipped(suite: string): void {
  if (!TEST_DATABASE_URL) {
    console.warn(`${suite}: PostgreSQL runs skipped, DATABASE_URL is not set (npm run test:pg runs them)`);
  }
}

export const T0 = Date.UTC(2026, 0, 15);

/**
 * A product as a store is given it. Without `variants`, it has one variant under its own id
 * (as the migration gives existing products), holding `stockQty` units (5 by default).
 */
export const productFixture = (overrides: Partial<Product> = {}): Product => {
  const { stockQty = 5, fromPriceCents: _derived, ...fields } = overrides;
  const id = fields.id ?? uid('p');
  return withTotals({
    id,
    name: 'Produit',
    description: '',
    priceCents: 1000,
    active: true,
    imageUrl: null,
    createdAt: T0,
    options: [],
    categoryIds: [],
    variants: [variantFixture({ id, productId: id, stockQty })],
    ...fields,
  });
};

export const variantFixture = (overrides: Partial<Variant> & Pick<Variant, 'productId'>): Variant => {
  const id = overrides.id ?? uid('v');
  return { id, sku: `SKU-${id}`, options: {}, priceCents: null, stockQty: 5, active: true, ...overrides };
};

/** A stock line of a product's first variant. */
export const lineOf = (product: Pick<Product, 'variants'>, quantity: number): StockLine => ({
  variantId: product.variants[0]?.id ?? '',
  quantity,
});

/** An order item of `product`'s first variant, as a checkout snapshots it. */
export const itemOf = (
  product: Pick<Product, 'id' | 'name' | 'variants'>,
  quantity: number,
  unitPriceCents = 1000,
) => {
  const variant = product.variants[0];
  return {
    productId: product.id,
    variantId: variant?.id ?? product.id,
    sku: variant?.sku ?? '',
    options: variant?.options ?? {},
    name: product.name,
    unitPriceCents,
    quantity,
    imageUrl: null,
  };
};

export async function insertUser(stores: Stores): Promise<string> {
  const id = uid('u');
  await stores.repos.users.insertIfEmailFree({
    id,
    email: `${id}@example.com`,
    passwordHash: 'h',
    firstName: 'A',
    lastName: 'B',
    address: 'adresse',
    isAdmin: false,
    emailVerified: false,
    createdAt: T0,
  });
  return id;
}

/** A fresh order (2 × 10 €, so 2000 cents) with `overrides` applied, stored. */
export async function insertOrder(
  stores: Stores,
  userId: string,
  overrides: Partial<Order> = {},
): Promise<Order> {
  const order: Order = {
    ...newOrder({
      id: uid('o'),
      userId,
      items: [itemOf({ id: 'x', name: 'X', variants: [] }, 2)],
      shippingAddress: null,
      at: T0,
    }),
    ...overrides,
  };
  await stores.repos.orders.insert(order);
  return order;
}

/**
 * A small seeded generator (mulberry32): the interleavings of a race test are random,
 * but a failure prints its seed and RACE_SEED=<seed> replays the same delays and amounts.
 */
export function seededRandom(seed: number): { seed: number; next(): number; int(below: number): number } {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return { seed, next, int: (below: number) => Math.floor(next() * below) };
}

export const raceSeed = (): number => Number(process.env.RACE_SEED ?? Math.floor(Math.random() * 2 ** 31));

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** What a cart line names of a product: the product and its first variant. */
export const cartRef = (product: Pick<Product, 'id' | 'variants'>) => ({
  productId: product.id,
  variantId: product.variants[0]?.id ?? product.id,
});
