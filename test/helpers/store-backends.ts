import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import type { Product } from '../../src/catalog/product.js';
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

export const productFixture = (overrides: Partial<Product> = {}): Product => ({
  id: uid('p'),
  name: 'Produit',
  description: '',
  priceCents: 1000,
  stockQty: 5,
  active: true,
  imageUrl: null,
  createdAt: T0,
  ...overrides,
});

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
      items: [{ productId: 'x', name: 'X', unitPriceCents: 1000, quantity: 2, imageUrl: null }],
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
